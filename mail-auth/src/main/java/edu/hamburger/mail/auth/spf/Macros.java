package edu.hamburger.mail.auth.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** SPF macro strings (RFC 7208 §7): validated when the record is parsed, expanded when a term is evaluated. */
final class Macros {

    private static final String LETTERS = "slodiphv";
    private static final String DELIMITERS = ".-+,/_=";

    private Macros() {
    }

    static void validate(String value) {
        expand(value, null, null);
    }

    /** With {@code evaluation} null only checks the syntax. */
    static String expand(String value, SpfEvaluator.Evaluation evaluation, String domain) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                if (c < 0x21 || c > 0x7e) {
                    throw SpfRecord.permerror("bad character in macro string");
                }
                out.append(c);
                continue;
            }
            if (i + 1 >= value.length()) {
                throw SpfRecord.permerror("% at the end of " + value);
            }
            char next = value.charAt(++i);
            switch (next) {
                case '%' -> out.append('%');
                case '_' -> out.append(' ');
                case '-' -> out.append("%20");
                case '{' -> {
                    int close = value.indexOf('}', i);
                    if (close < 0) {
                        throw SpfRecord.permerror("unclosed macro in " + value);
                    }
                    out.append(macro(value.substring(i + 1, close), evaluation, domain));
                    i = close;
                }
                default -> throw SpfRecord.permerror("bad macro %" + next);
            }
        }
        String expanded = out.toString();
        if (evaluation != null) {
            while (expanded.length() > 253 && expanded.indexOf('.') > 0) {
                expanded = expanded.substring(expanded.indexOf('.') + 1); // §7.3: drop labels from the left
            }
        }
        return expanded;
    }

    private static String macro(String body, SpfEvaluator.Evaluation evaluation, String domain) {
        if (body.isEmpty()) {
            throw SpfRecord.permerror("empty macro");
        }
        char letter = body.charAt(0);
        char lower = Character.toLowerCase(letter);
        if (LETTERS.indexOf(lower) < 0) { // c, r and t belong to exp= texts, which are never expanded
            throw SpfRecord.permerror("unknown macro letter " + letter);
        }
        int pos = 1;
        int digitsStart = pos;
        while (pos < body.length() && Character.isDigit(body.charAt(pos))) {
            pos++;
        }
        int keep = pos == digitsStart ? -1 : Integer.parseInt(body.substring(digitsStart, Math.min(pos, digitsStart + 3)));
        if (keep == 0) {
            throw SpfRecord.permerror("macro keeps zero labels");
        }
        boolean reverse = false;
        if (pos < body.length() && Character.toLowerCase(body.charAt(pos)) == 'r') {
            reverse = true;
            pos++;
        }
        String delimiters = body.substring(pos);
        for (char d : delimiters.toCharArray()) {
            if (DELIMITERS.indexOf(d) < 0) {
                throw SpfRecord.permerror("bad macro delimiter " + d);
            }
        }
        if (evaluation == null) {
            return "";
        }
        String raw = value(lower, evaluation, domain);
        List<String> parts = new ArrayList<>(Arrays.asList(raw.split("[" + java.util.regex.Pattern.quote(delimiters.isEmpty() ? "." : delimiters) + "]", -1)));
        if (reverse) {
            Collections.reverse(parts);
        }
        if (keep > 0 && keep < parts.size()) {
            parts = parts.subList(parts.size() - keep, parts.size());
        }
        String joined = String.join(".", parts);
        return Character.isUpperCase(letter) ? URLEncoder.encode(joined, StandardCharsets.UTF_8).replace("+", "%20") : joined;
    }

    private static String value(char letter, SpfEvaluator.Evaluation e, String domain) {
        return switch (letter) {
            case 's' -> e.sender;
            case 'l' -> e.localPart;
            case 'o' -> e.sender.substring(e.sender.lastIndexOf('@') + 1);
            case 'd' -> domain;
            case 'i' -> dotted(e.client);
            case 'p' -> e.validatedName(domain);
            case 'v' -> e.client instanceof Inet4Address ? "in-addr" : "ip6";
            case 'h' -> e.helo;
            default -> throw new IllegalStateException();
        };
    }

    /** %{i}: IPv4 dotted, IPv6 as 32 dot-separated nibbles (§7.3). */
    private static String dotted(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 4) {
            return address.getHostAddress();
        }
        StringBuilder out = new StringBuilder();
        for (byte b : raw) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16)).append('.');
        }
        return out.substring(0, out.length() - 1).toLowerCase(Locale.ROOT);
    }
}
