package edu.hamburger.mail.sieve;

import java.time.ZonedDateTime;

/**
 * What a script run may ask of the account it runs for. Everything here is answered by the
 * delivery that runs the script; the interpreter itself touches no store.
 */
public interface SieveEnvironment {

    /** mailboxexists (RFC 5490). */
    boolean mailboxExists(String name);

    /**
     * duplicate (RFC 7352): whether {@code id} under {@code handle} was seen within {@code seconds};
     * records it as seen (unless it was and {@code last} is false, which keeps the first time).
     */
    boolean seenBefore(String handle, String id, long seconds, boolean last);

    /** currentdate, and the zone of date tests without :zone. */
    ZonedDateTime now();

    /** RFC 5233's separator between user and detail; Postfix's recipient_delimiter. */
    default String subaddressSeparator() {
        return "+";
    }
}
