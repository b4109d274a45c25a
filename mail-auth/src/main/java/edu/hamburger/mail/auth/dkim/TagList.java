package edu.hamburger.mail.auth.dkim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A DKIM tag=value list (RFC 6376 §3.2), used by signatures, key records and DMARC records alike:
 * tags are case-sensitive, whitespace around tags and values is folding whitespace and ignored,
 * a trailing semicolon is allowed, a duplicate tag makes the whole list invalid.
 */
public final class TagList {

    /** A list that breaks §3.2: the record or signature it came from is unusable. */
    public static final class MalformedTagList extends IllegalArgumentException {
        public MalformedTagList(String message) {
            super(message);
        }
    }

    static final int MAX_TAGS = 64;

    private TagList() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : text.split(";", -1)) {
            String trimmed = spec.strip();
            if (trimmed.isEmpty()) {
                continue; // a trailing ";" or ";;"
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new MalformedTagList("not tag=value: " + abbreviate(trimmed));
            }
            String name = trimmed.substring(0, equals).strip();
            if (!name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_'))
                    || !Character.isLetter(name.charAt(0))) {
                throw new MalformedTagList("bad tag name: " + abbreviate(name));
            }
            if (tags.size() >= MAX_TAGS) {
                throw new MalformedTagList("more than " + MAX_TAGS + " tags");
            }
            if (tags.put(name, trimmed.substring(equals + 1).strip()) != null) {
                throw new MalformedTagList("tag " + name + " appears twice");
            }
        }
        return tags;
    }

    /** A value with all whitespace removed (base64 in b=, bh=, p= may be folded anywhere). */
    public static String compact(String value) {
        return value == null ? null : value.replaceAll("[ \t\r\n]", "");
    }

    /** A colon-separated list (h=, k=, s= ...), each item trimmed and lower-cased. */
    public static java.util.List<String> items(String value) {
        java.util.List<String> items = new java.util.ArrayList<>();
        for (String item : value.split(":", -1)) {
            items.add(item.strip().toLowerCase(Locale.ROOT));
        }
        return items;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
