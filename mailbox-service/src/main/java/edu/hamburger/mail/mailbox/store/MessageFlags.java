package edu.hamburger.mail.mailbox.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * IMAP flags as stored: the five system flags as bits of {@code system_flags}, everything else
 * as keywords. \Recent is per session (and gone in IMAP4rev2), so it is never stored.
 */
public final class MessageFlags {

    public static final int SEEN = 1;
    public static final int ANSWERED = 2;
    public static final int FLAGGED = 4;
    public static final int DELETED = 8;
    public static final int DRAFT = 16;

    private static final String[] NAMES = {"\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft"};
    static final int MAX_KEYWORDS = 64;
    static final int MAX_KEYWORD_LENGTH = 128;

    private MessageFlags() {
    }

    /** Bits and keywords of a list of flag names; refuses names IMAP does not allow. */
    public static Parsed parse(List<String> flags) {
        int bits = 0;
        Set<String> keywords = new LinkedHashSet<>();
        for (String flag : flags == null ? List.<String>of() : flags) {
            int bit = bit(flag);
            if (bit > 0) {
                bits |= bit;
            } else if (flag.startsWith("\\")) {
                if (!flag.equalsIgnoreCase("\\Recent")) {
                    throw new IllegalArgumentException("unknown system flag " + flag);
                }
            } else {
                if (flag.isEmpty() || flag.length() > MAX_KEYWORD_LENGTH
                        || !flag.chars().allMatch(c -> c > ' ' && c < 127 && "(){%*\"\\]".indexOf(c) < 0)) {
                    throw new IllegalArgumentException("not a valid keyword: " + flag);
                }
                keywords.add(flag);
            }
        }
        if (keywords.size() > MAX_KEYWORDS) {
            throw new IllegalArgumentException("too many keywords");
        }
        return new Parsed(bits, List.copyOf(keywords));
    }

    /** Flag names of stored bits and keywords, system flags first. */
    public static List<String> names(int bits, String[] keywords) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((bits & (1 << i)) != 0) {
                names.add(NAMES[i]);
            }
        }
        if (keywords != null) {
            names.addAll(List.of(keywords));
        }
        return names;
    }

    private static int bit(String flag) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equalsIgnoreCase(flag)) {
                return 1 << i;
            }
        }
        return 0;
    }

    public record Parsed(int bits, List<String> keywords) {

        public String[] keywordArray() {
            return keywords.toArray(String[]::new);
        }
    }
}
