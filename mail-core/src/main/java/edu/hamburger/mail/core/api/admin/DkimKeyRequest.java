package edu.hamburger.mail.core.api.admin;

/**
 * POST /domains/{domain}/dkim-keys.
 *
 * @param algorithm rsa-sha256 (2048-bit) or ed25519-sha256; default rsa-sha256
 * @param selector  lower-case letters, digits, hyphens; default {@code <rsa|ed><yyyymmdd>}
 * @param activate  sign with it at once (default true; false only publishes it, for a rotation)
 */
public record DkimKeyRequest(String algorithm, String selector, Boolean activate) {
}
