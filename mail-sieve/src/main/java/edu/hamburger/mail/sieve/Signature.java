package edu.hamburger.mail.sieve;

import java.util.List;
import java.util.Map;

/**
 * What a command or test accepts: the extension that must be required for it, its tags (with
 * what value each takes, and the group of tags of which only one may be given), its positional
 * arguments, how many tests and whether a block.
 */
record Signature(String name, String extension, Map<String, TagSpec> tags, List<Kind> positional, int requiredPositional,
        int minTests, int maxTests, boolean block) {

    enum Kind { STRING, STRING_LIST, NUMBER }

    /** A tag: the value it takes (null for none), the extension it comes from (null: the command's own), its group. */
    record TagSpec(String name, Kind value, String extension, String group) {
    }
}
