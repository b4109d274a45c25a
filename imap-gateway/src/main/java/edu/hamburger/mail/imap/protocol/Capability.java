package edu.hamburger.mail.imap.protocol;

import java.util.Locale;

/**
 * What this server offers (RFC 3501 §7.2.1 CAPABILITY), one constant per extension, with the
 * RFC that defines it. Those a client turns on with ENABLE, or by using them, are
 * {@link #enableable()}; a session remembers which it has on.
 */
public enum Capability {
    IMAP4REV1("IMAP4rev1"),
    /** RFC 9051, beside IMAP4rev1; a client turns its differences on with ENABLE IMAP4rev2. */
    IMAP4REV2("IMAP4rev2"),
    /** RFC 7888. */
    LITERAL_PLUS("LITERAL+"),
    /** RFC 4959. */
    SASL_IR("SASL-IR"),
    /** RFC 2971. */
    ID("ID"),
    /** RFC 5161. */
    ENABLE("ENABLE"),
    /** RFC 2177. */
    IDLE("IDLE"),
    /** RFC 2342. */
    NAMESPACE("NAMESPACE"),
    /** RFC 3691. */
    UNSELECT("UNSELECT"),
    /** RFC 4315. */
    UIDPLUS("UIDPLUS"),
    /** RFC 6851. */
    MOVE("MOVE"),
    /** RFC 6154. */
    SPECIAL_USE("SPECIAL-USE"),
    /** RFC 5258. */
    LIST_EXTENDED("LIST-EXTENDED"),
    /** RFC 5819. */
    LIST_STATUS("LIST-STATUS"),
    /** RFC 3348. */
    CHILDREN("CHILDREN"),
    /** RFC 7162. */
    CONDSTORE("CONDSTORE"),
    /** RFC 7162; enabling it enables CONDSTORE too. */
    QRESYNC("QRESYNC"),
    /** RFC 9208: GETQUOTA, GETQUOTAROOT; one quota root "" per account. */
    QUOTA("QUOTA"),
    /** RFC 9208: the STORAGE resource, in units of 1024 octets. */
    QUOTA_RES_STORAGE("QUOTA=RES-STORAGE"),
    /** RFC 9208: the MESSAGE resource, listed for accounts that have a limit on their count of messages. */
    QUOTA_RES_MESSAGE("QUOTA=RES-MESSAGE"),
    /** RFC 8438: STATUS (SIZE), the mailbox's octets. */
    STATUS_SIZE("STATUS=SIZE"),
    /** RFC 4731: SEARCH RETURN (MIN MAX ALL COUNT), answered by ESEARCH. */
    ESEARCH("ESEARCH"),
    /** RFC 5182: SEARCH RETURN (SAVE) keeps the result; "$" names it where a sequence set goes. */
    SEARCHRES("SEARCHRES"),
    /** RFC 3516: FETCH BINARY, BINARY.PEEK and BINARY.SIZE; literal8 in APPEND. */
    BINARY("BINARY"),
    /** RFC 8474: MAILBOXID, EMAILID and THREADID (always NIL here). */
    OBJECTID("OBJECTID"),
    /** RFC 5256: SORT, with ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO and REVERSE. */
    SORT("SORT"),
    /** RFC 5957: SORT by DISPLAYFROM and DISPLAYTO. */
    SORT_DISPLAY("SORT=DISPLAY"),
    /** RFC 5256: THREAD by base subject. */
    THREAD_ORDEREDSUBJECT("THREAD=ORDEREDSUBJECT"),
    /** RFC 5256: THREAD by References and In-Reply-To, then base subject. */
    THREAD_REFERENCES("THREAD=REFERENCES"),
    /** RFC 4978: COMPRESS DEFLATE, after login. */
    COMPRESS_DEFLATE("COMPRESS=DEFLATE"),
    /** RFC 6855: after ENABLE, mailbox names travel as UTF-8, and APPEND takes UTF8 (literal8). */
    UTF8_ACCEPT("UTF8=ACCEPT"),
    /** RFC 7889; written with its value. */
    APPENDLIMIT("APPENDLIMIT"),
    /** RFC 3501 §6.2.1, before TLS only. */
    STARTTLS("STARTTLS"),
    /** RFC 3501 §6.2.3, where no password may be sent. */
    LOGINDISABLED("LOGINDISABLED"),
    /** RFC 4616 over AUTHENTICATE, where a password may be sent. */
    AUTH_PLAIN("AUTH=PLAIN");

    private final String atom;

    Capability(String atom) {
        this.atom = atom;
    }

    /** As written in CAPABILITY and ENABLE. */
    public String atom() {
        return atom;
    }

    /** Extensions ENABLE (RFC 5161) can turn on. */
    public boolean enableable() {
        return this == CONDSTORE || this == QRESYNC || this == IMAP4REV2 || this == UTF8_ACCEPT;
    }

    /** The capability an ENABLE argument names, or null. */
    public static Capability named(String atom) {
        for (Capability capability : values()) {
            if (capability.atom.equalsIgnoreCase(atom)) {
                return capability;
            }
        }
        return null;
    }
}
