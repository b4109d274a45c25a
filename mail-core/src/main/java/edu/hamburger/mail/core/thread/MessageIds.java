package edu.hamburger.mail.core.thread;

import java.util.ArrayList;
import java.util.List;

/** The msg-ids of a Message-ID, In-Reply-To or References field (RFC 5322 §3.6.4), in order. */
public final class MessageIds {

    /** At most this many ids are read from one field: threading needs the nearest ancestors, not a novel. */
    public static final int MAX_IDS = 100;
    private static final int MAX_ID_CHARS = 998;

    private MessageIds() {
    }

    /** Every "<...>" without whitespace or angle brackets inside, brackets kept, as written. */
    public static List<String> parse(String field) {
        List<String> ids = new ArrayList<>();
        if (field == null) {
            return ids;
        }
        int open = field.indexOf('<');
        while (open >= 0 && ids.size() < MAX_IDS) {
            int close = field.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            String id = field.substring(open, close + 1);
            int nested = id.indexOf('<', 1);
            if (nested > 0) { // "<a <b@c>": start again at the inner bracket
                open = open + nested;
                continue;
            }
            if (id.length() > 2 && id.length() <= MAX_ID_CHARS && id.chars().noneMatch(Character::isWhitespace)) {
                ids.add(id);
            }
            open = field.indexOf('<', close + 1);
        }
        return ids;
    }

    /** The first msg-id of a field, or null. */
    public static String first(String field) {
        List<String> ids = parse(field);
        return ids.isEmpty() ? null : ids.get(0);
    }
}
