package edu.hamburger.mail.core.api;

/**
 * A key the relay signs with, as mailbox-service hands it out: the private key sealed under the
 * key-encryption key (KeySealer in mail-auth), never in the clear.
 *
 * @param algorithm  "rsa-sha256" or "ed25519-sha256"
 * @param sealedKey  base64 of the sealed PKCS#8 key
 */
public record DkimSigningKey(String domain, String selector, String algorithm, String sealedKey) {
}
