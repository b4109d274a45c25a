package edu.hamburger.mail.sieve;

import java.util.ArrayList;
import java.util.List;

/**
 * One match of values against keys (RFC 5228 §2.7): :is, :contains, :matches with its wildcards
 * ('*' any run, '?' one character, '\' escapes), and the relational :value and :count (RFC 5231).
 * A successful :matches records what each wildcard covered, for ${1}... (RFC 5229 §3.2).
 */
final class StringMatch {

    /** What the last successful :matches captured: index 0 is the whole value. */
    private List<String> captures;

    List<String> captures() {
        return captures;
    }

    boolean test(Node node, List<String> values, List<String> keys) {
        String comparator = node.comparator();
        String type = node.matchType();
        if (type.equals("count")) {
            String relation = node.tag("count").firstString();
            String count = Integer.toString(values.size());
            for (String key : keys) {
                if (relation(relation, Comparator.compare(comparator, count, key))) {
                    return true;
                }
            }
            return false;
        }
        for (String value : values) {
            for (String key : keys) {
                if (matchOne(node, type, comparator, value, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matchOne(Node node, String type, String comparator, String value, String key) {
        return switch (type) {
            case "contains" -> Comparator.fold(comparator, value).contains(Comparator.fold(comparator, key));
            case "matches" -> wildcard(comparator, value, key);
            case "value" -> relation(node.tag("value").firstString(), Comparator.compare(comparator, value, key));
            default -> Comparator.compare(comparator, value, key) == 0;
        };
    }

    static boolean relation(String relation, int comparison) {
        return switch (Comparator.lower(relation)) {
            case "gt" -> comparison > 0;
            case "ge" -> comparison >= 0;
            case "lt" -> comparison < 0;
            case "le" -> comparison <= 0;
            case "eq" -> comparison == 0;
            default -> comparison != 0; // "ne"; the compiler admits no other
        };
    }

    static boolean validRelation(String relation) {
        return List.of("gt", "ge", "lt", "le", "eq", "ne").contains(Comparator.lower(relation));
    }

    private boolean wildcard(String comparator, String value, String pattern) {
        String v = Comparator.fold(comparator, value), p = Comparator.fold(comparator, pattern);
        List<String> groups = new ArrayList<>();
        if (!glob(v, 0, p, 0, groups, value)) {
            return false;
        }
        List<String> found = new ArrayList<>();
        found.add(value);
        found.addAll(groups);
        captures = found;
        return true;
    }

    /**
     * Backtracking glob; each '*' takes as little as it can (leftmost-shortest, as Pigeonhole does).
     * Bounded: a pattern has at most a few hundred characters and the value at most the header's
     * length; the step counter stops a pathological pattern from running away.
     */
    private static boolean glob(String value, int vi, String pattern, int pi, List<String> groups, String original) {
        int[] budget = {200_000};
        return glob(value, vi, pattern, pi, groups, original, budget);
    }

    private static boolean glob(String value, int vi, String pattern, int pi, List<String> groups, String original, int[] budget) {
        if (--budget[0] < 0) {
            return false;
        }
        while (pi < pattern.length()) {
            char c = pattern.charAt(pi);
            if (c == '*') {
                int mark = groups.size();
                for (int end = vi; end <= value.length(); end++) {
                    groups.add(original.substring(vi, end));
                    if (glob(value, end, pattern, pi + 1, groups, original, budget)) {
                        return true;
                    }
                    while (groups.size() > mark) {
                        groups.remove(groups.size() - 1);
                    }
                    if (budget[0] < 0) {
                        return false;
                    }
                }
                return false;
            }
            if (vi >= value.length()) {
                return false;
            }
            if (c == '?') {
                groups.add(original.substring(vi, vi + 1));
                vi++;
                pi++;
                continue;
            }
            if (c == '\\' && pi + 1 < pattern.length()) {
                c = pattern.charAt(++pi);
            }
            if (value.charAt(vi) != c) {
                return false;
            }
            vi++;
            pi++;
        }
        return vi == value.length();
    }
}
