package edu.hamburger.mail.core.address;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An RFC 5321 Mailbox: {@code Local-part "@" (Domain / address-literal)}. The local part is kept
 * unquoted (quoting is a matter of syntax, not of identity); the domain is kept as written, with
 * {@link #domainKey()} giving the form to compare and look up.
 *
 * <p>The local part is case-sensitive by the RFC; lookups of local users fold case themselves
 * where the deployment says so. UTF-8 in either part needs SMTPUTF8 ({@link #isAscii()}).
 */
public record MailAddress(String localPart, String domain) {

    public MailAddress {
        if (localPart == null || domain == null) {
            throw new IllegalArgumentException("local part and domain are required");
        }
    }

    /** Parses a bare mailbox such as {@code bob@hamburger.edu} or {@code "j doe"@[192.0.2.1]}. */
    public static MailAddress parse(String text) {
        return SmtpPathParser.parseMailbox(text);
    }

    /** True if the domain is an address literal such as {@code [192.0.2.1]}. */
    public boolean isAddressLiteral() {
        return domain.startsWith("[");
    }

    /** True if neither part needs UTF-8, i.e. the address can travel without SMTPUTF8. */
    public boolean isAscii() {
        return isAscii(localPart) && isAscii(domain);
    }

    /**
     * The domain as DNS and lookups see it: lower case, internationalised labels as A-labels
     * ({@code 한국.kr} becomes {@code xn--3e0b707e.kr}). Address literals are returned lower-cased.
     */
    public String domainKey() {
        if (isAddressLiteral()) {
            return domain.toLowerCase(Locale.ROOT);
        }
        String ascii = isAscii(domain) ? domain : IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        return ascii.toLowerCase(Locale.ROOT);
    }

    /** The local part in the form SMTP writes it: a dot-string when it is one, else quoted. */
    public String localPartForWire() {
        return SmtpPathParser.isDotString(localPart) ? localPart : quote(localPart);
    }

    /** Octets of the address as written on the wire, for the RFC 5321 §4.5.3.1 limits. */
    int wireLength() {
        return toString().getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return localPartForWire() + "@" + domain;
    }

    private static String quote(String local) {
        StringBuilder quoted = new StringBuilder(local.length() + 2).append('"');
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
