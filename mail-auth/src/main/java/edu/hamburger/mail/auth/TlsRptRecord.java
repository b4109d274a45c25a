package edu.hamburger.mail.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A domain's SMTP TLS reporting record (RFC 8460 §3), the TXT at {@code _smtp._tls.<domain>}:
 * {@code v=TLSRPTv1; rua=mailto:tls@example.com,https://reports.example/tlsrpt}.
 *
 * @param rua the report URIs, in the record's order (mailto: and https:)
 */
public record TlsRptRecord(List<String> rua) {

    /** Where the record lives. */
    public static String name(String domain) {
        return "_smtp._tls." + domain;
    }

    /** The record in a TXT string, or null when it is not a TLSRPTv1 record with at least one rua URI. */
    public static TlsRptRecord parse(String txt) {
        String[] fields = txt.split(";");
        if (!fields[0].strip().equals("v=TLSRPTv1")) {
            return null;
        }
        List<String> rua = new ArrayList<>();
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].strip();
            int eq = field.indexOf('=');
            if (eq > 0 && field.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("rua")) {
                for (String uri : field.substring(eq + 1).split(",")) {
                    if (!uri.isBlank()) {
                        rua.add(uri.strip());
                    }
                }
            }
        }
        return rua.isEmpty() ? null : new TlsRptRecord(List.copyOf(rua));
    }

    /** The mailto: addresses, %-decoded (RFC 3986), anything after '?' dropped. */
    public List<String> mailto() {
        List<String> addresses = new ArrayList<>();
        for (String uri : rua) {
            if (uri.regionMatches(true, 0, "mailto:", 0, 7)) {
                String address = uri.substring(7);
                int query = address.indexOf('?');
                address = query >= 0 ? address.substring(0, query) : address;
                try {
                    addresses.add(java.net.URLDecoder.decode(address.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // bad %-encoding: not an address
                }
            }
        }
        return addresses;
    }
}
