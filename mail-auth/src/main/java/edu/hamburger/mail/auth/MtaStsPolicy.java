package edu.hamburger.mail.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The MTA-STS policy (RFC 8461 §3.2) this deployment publishes for its domains: the webmail serves
 * it at https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt and mailbox-service's DNS records
 * announce it in _mta-sts.&lt;domain&gt; with an id that changes whenever the text does.
 *
 * @param mode   enforce, testing or none
 * @param mxHosts the MX host names senders may deliver to
 * @param maxAge seconds senders may cache the policy
 */
public record MtaStsPolicy(String mode, List<String> mxHosts, long maxAge) {

    public MtaStsPolicy {
        mode = mode.toLowerCase(Locale.ROOT);
        if (!List.of("enforce", "testing", "none").contains(mode)) {
            throw new IllegalArgumentException("MTA-STS mode is enforce, testing or none, not " + mode);
        }
        mxHosts = List.copyOf(mxHosts);
    }

    /** The MX host of a deployment: {@code mail.mx-hostname} when set, else "mail." + its mail domain. */
    public static String mxHost(java.util.Optional<String> configured, String mailDomain) {
        return configured.filter(h -> !h.isBlank()).orElse("mail." + mailDomain);
    }

    /** The policy a deployment publishes for all its domains (mailbox-service's DNS record, the webmail's file). */
    public static MtaStsPolicy published(String mode, java.util.Optional<String> mxHostname, String mailDomain, long maxAge) {
        return new MtaStsPolicy(mode, List.of(mxHost(mxHostname, mailDomain)), maxAge);
    }

    /** The longest policy read (RFC 8461 §3.3 suggests senders limit it; 64 KiB is generous). */
    public static final int MAX_BYTES = 64 * 1024;
    /** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
    public static final long MAX_AGE_LIMIT = 31_557_600;

    /** A policy as fetched from https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt; {@link IllegalArgumentException} if it is not one. */
    public static MtaStsPolicy parse(String text) {
        String version = null;
        String mode = null;
        Long maxAge = null;
        java.util.List<String> mx = new java.util.ArrayList<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank() || colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = version == null ? value : version;
                case "mode" -> mode = mode == null ? value : mode;
                case "max_age" -> {
                    if (maxAge == null && value.matches("[0-9]{1,10}")) {
                        maxAge = Math.min(Long.parseLong(value), MAX_AGE_LIMIT);
                    }
                }
                case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
                default -> { } // unknown fields are ignored (§3.2)
            }
        }
        if (!"STSv1".equals(version)) {
            throw new IllegalArgumentException("not an STSv1 policy");
        }
        if (mode == null || maxAge == null) {
            throw new IllegalArgumentException("policy without mode or max_age");
        }
        if (!mode.equals("none") && mx.isEmpty()) {
            throw new IllegalArgumentException("policy without mx");
        }
        return new MtaStsPolicy(mode, mx, maxAge);
    }

    /** The TXT record's id, or null if {@code txt} is not a "v=STSv1; id=..." record. */
    public static String recordId(String txt) {
        if (!txt.startsWith("v=STSv1")) {
            return null;
        }
        for (String field : txt.split(";")) {
            String f = field.strip();
            if (f.startsWith("id=") && f.substring(3).matches("[A-Za-z0-9]{1,32}")) {
                return f.substring(3);
            }
        }
        return null;
    }

    /** Whether an MX host is one the policy names: exactly, or "*.example.com" for one more label (§4.1). */
    public boolean allows(String mxHost) {
        String host = mxHost.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String pattern : mxHosts) {
            if (pattern.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot + 1).equals(pattern.substring(2))) {
                    return true;
                }
            } else if (pattern.equals(host)) {
                return true;
            }
        }
        return false;
    }

    public boolean enforce() {
        return mode.equals("enforce");
    }

    /** The policy file, CRLF line ends as the RFC's ABNF has them. */
    public String text() {
        StringBuilder text = new StringBuilder("version: STSv1\r\nmode: ").append(mode).append("\r\n");
        mxHosts.forEach(mx -> text.append("mx: ").append(mx).append("\r\n"));
        return text.append("max_age: ").append(maxAge).append("\r\n").toString();
    }

    /** The id= of the TXT record: 1 to 32 alphanumerics, here the first 20 hex digits of the text's SHA-256. */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
