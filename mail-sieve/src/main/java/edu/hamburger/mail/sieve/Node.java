package edu.hamburger.mail.sieve;

import java.util.List;
import java.util.Map;

/**
 * A command or test the compiler has checked: its tags by name (a tag's value, if it takes one,
 * is the argument after it), its positional arguments in order, its tests and its block.
 */
record Node(String name, int line, Map<String, Argument> tags, List<Argument> positional, List<Node> tests, List<Node> block) {

    boolean has(String tag) {
        return tags.containsKey(tag);
    }

    Argument tag(String tag) {
        return tags.get(tag);
    }

    /** The match type's tag: is, contains, matches, value or count (RFC 5228 §2.7.1, RFC 5231). */
    String matchType() {
        for (String type : new String[] {"contains", "matches", "value", "count"}) {
            if (tags.containsKey(type)) {
                return type;
            }
        }
        return "is";
    }

    String comparator() {
        Argument comparator = tags.get("comparator");
        return comparator == null ? Comparator.ASCII_CASEMAP : comparator.firstString();
    }

    String addressPart() {
        for (String part : new String[] {"localpart", "domain", "user", "detail"}) {
            if (tags.containsKey(part)) {
                return part;
            }
        }
        return "all";
    }

    Argument positional(int index) {
        return positional.get(index);
    }
}
