package edu.hamburger.mail.imap.protocol;

import java.util.Locale;
import java.util.Set;

/** The system flags (RFC 3501 §2.3.2) a client may set; any keyword is fine too. */
final class Flags {

    static final String RECENT = "\\Recent";
    static final String SYSTEM = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    private static final Set<String> SYSTEM_LOWER = Set.of("\\answered", "\\flagged", "\\deleted", "\\seen", "\\draft");

    private Flags() {
    }

    /** A keyword, or one of the system flags (\Recent and unknown \ names are not). */
    static boolean storable(String flag) {
        return !flag.startsWith("\\") || SYSTEM_LOWER.contains(flag.toLowerCase(Locale.ROOT));
    }
}
