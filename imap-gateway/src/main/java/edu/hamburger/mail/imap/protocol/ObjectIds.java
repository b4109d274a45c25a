package edu.hamburger.mail.imap.protocol;

/**
 * OBJECTID (RFC 8474): the ids a client may keep to recognise a mailbox after RENAME and a message
 * after COPY or MOVE. Both come from the store's row ids, which are never reused: a mailbox is
 * {@code F} and its id, a message {@code M} and the id of its stored content, so copies of one
 * message share an EMAILID, as the RFC allows. THREADID is not kept (answered NIL).
 */
final class ObjectIds {

    private ObjectIds() {
    }

    static String mailboxId(long id) {
        return "F" + id;
    }

    static String emailId(long id) {
        return "M" + id;
    }

    /** The stored message an EMAILID names, or 0 when it is none this server gives out. */
    static long emailId(String objectId) {
        checked(objectId);
        if (objectId.length() < 2 || objectId.length() > 19 || objectId.charAt(0) != 'M') {
            return 0;
        }
        for (int i = 1; i < objectId.length(); i++) {
            if (!Character.isDigit(objectId.charAt(i))) {
                return 0;
            }
        }
        return Long.parseLong(objectId.substring(1));
    }

    /** RFC 8474's objectid: 1 to 255 of letters, digits, '_' and '-'; anything else is a syntax error. */
    static String checked(String objectId) {
        if (!objectId.matches("[A-Za-z0-9_-]{1,255}")) {
            throw new ImapSyntaxException("an object id is 1 to 255 letters, digits, '_' or '-'");
        }
        return objectId;
    }
}
