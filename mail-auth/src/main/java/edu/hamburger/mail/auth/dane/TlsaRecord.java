package edu.hamburger.mail.auth.dane;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A TLSA record (RFC 6698 §2): which certificate (usage), which part of it (selector: 0 the whole
 * certificate, 1 its SubjectPublicKeyInfo) and how it is compared (matching type: 0 exactly, 1
 * SHA-256, 2 SHA-512).
 */
public record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {

    /** DANE-TA: a trust anchor in the server's chain. */
    public static final int DANE_TA = 2;
    /** DANE-EE: the server's own certificate or key. */
    public static final int DANE_EE = 3;

    /** "3 1 1 0123ABCD..." as DNS presents it (hex may hold spaces), or null if it is not one. */
    public static TlsaRecord parse(String text) {
        String[] parts = text.strip().split("\\s+", 4);
        if (parts.length < 4) {
            return null;
        }
        try {
            return new TlsaRecord(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    HexFormat.of().parseHex(parts[3].replaceAll("\\s", "").toLowerCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * RFC 7672 §3.1: SMTP uses only DANE-TA(2) and DANE-EE(3); PKIX-TA(0) and PKIX-EE(1) are
     * unusable, as are unknown selectors and matching types, and digests of the wrong length.
     */
    public boolean usable() {
        if ((usage != DANE_TA && usage != DANE_EE) || (selector != 0 && selector != 1)) {
            return false;
        }
        return switch (matchingType) {
            case 0 -> data.length > 0;
            case 1 -> data.length == 32;
            case 2 -> data.length == 64;
            default -> false;
        };
    }

    /** Whether {@code certificate} is the one this record names. */
    public boolean matches(X509Certificate certificate) {
        try {
            byte[] selected = selector == 0 ? certificate.getEncoded() : certificate.getPublicKey().getEncoded();
            byte[] compared = switch (matchingType) {
                case 0 -> selected;
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> null;
            };
            return compared != null && MessageDigest.isEqual(compared, data);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    /** As DNS presents it, for logs and TLS reports. */
    public String text() {
        return usage + " " + selector + " " + matchingType + " " + HexFormat.of().withUpperCase().formatHex(data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TlsaRecord r && r.usage == usage && r.selector == selector && r.matchingType == matchingType
                && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + usage * 7 + selector * 3 + matchingType;
    }

    @Override
    public String toString() {
        return text();
    }
}
