package edu.hamburger.mail.sieve;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of one script run (RFC 5229): names without case, values of bounded length,
 * a bounded number of them, and the match variables ${0}..${9} of the last successful :matches.
 * Expansion replaces "${name}" and "${N}"; an unknown name expands to nothing, and text that
 * is not a well-formed reference stays as written.
 */
final class Variables {

    private final Map<String, String> values = new HashMap<>();
    private final int maxLength;
    private final int maxCount;
    private List<String> matches = List.of();

    Variables(int maxLength, int maxCount) {
        this.maxLength = maxLength;
        this.maxCount = maxCount;
    }

    void set(String name, String value) throws SieveRuntimeException {
        String key = Comparator.lower(name);
        if (!values.containsKey(key) && values.size() >= maxCount) {
            throw new SieveRuntimeException("more than " + maxCount + " variables");
        }
        values.put(key, truncate(value));
    }

    String get(String name) {
        return values.getOrDefault(Comparator.lower(name), "");
    }

    void matched(List<String> captures) {
        if (captures != null) {
            matches = captures.size() > 10 ? captures.subList(0, 10) : captures;
        }
    }

    String expand(String text) {
        if (text.indexOf("${") < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            int end = text.indexOf('}', start + 2);
            String name = end < 0 ? null : text.substring(start + 2, end);
            if (name == null || !validReference(name)) {
                out.append("${");
                i = start + 2;
                continue;
            }
            out.append(resolve(name));
            i = end + 1;
            if (out.length() > maxLength) {
                break;
            }
        }
        return truncate(out.toString());
    }

    private String resolve(String name) {
        if (Character.isDigit(name.charAt(0))) {
            int index = Integer.parseInt(name);
            return index < matches.size() ? matches.get(index) : "";
        }
        return get(name);
    }

    static boolean validName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean validReference(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        if (Character.isDigit(name.charAt(0))) {
            return name.chars().allMatch(Character::isDigit) && name.length() <= 2;
        }
        return validName(name);
    }

    private String truncate(String value) {
        return value.length() <= maxLength ? value : value.substring(0, maxLength);
    }
}
