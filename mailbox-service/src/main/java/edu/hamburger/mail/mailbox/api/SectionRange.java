package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.mailbox.mime.SectionPath;
import edu.hamburger.mail.mailbox.store.MailboxException;

/**
 * The byte range of an IMAP section (RFC 3501 §6.4.5 BODY[section]) in the stored message,
 * computed from the offsets parsed at store time.
 */
record SectionRange(long start, long end) {

    static SectionRange of(BodyPart message, String section, String part) {
        BodyPart entity = SectionPath.resolve(message, section);
        if (entity == null) {
            throw MailboxException.notFound("section " + section);
        }
        boolean top = section.isEmpty();
        BodyPart inner = top ? entity : entity.encapsulatesMessage() ? entity.message() : null;
        return switch (part) {
            case "body" -> top ? new SectionRange(entity.headerStart(), entity.end()) : new SectionRange(entity.bodyStart(), entity.end());
            case "mime" -> {
                if (top) {
                    throw MailboxException.badRequest("MIME needs a part number");
                }
                yield new SectionRange(entity.headerStart(), entity.bodyStart());
            }
            case "header" -> {
                if (inner == null) {
                    throw MailboxException.badRequest("section " + section + " is not a message: no HEADER");
                }
                yield new SectionRange(inner.headerStart(), inner.bodyStart());
            }
            case "text" -> {
                if (inner == null) {
                    throw MailboxException.badRequest("section " + section + " is not a message: no TEXT");
                }
                yield new SectionRange(inner.bodyStart(), inner.end());
            }
            default -> throw MailboxException.badRequest("part must be body, header, text or mime");
        };
    }

    /** [start, end, size of the whole section] after an IMAP partial {@code <offset.length>}. */
    long[] cut(long offset, long length) {
        if (offset < 0) {
            throw MailboxException.badRequest("offset cannot be negative");
        }
        long size = end - start;
        long from = Math.min(start + offset, end);
        long to = length < 0 ? end : Math.min(end, from + length);
        return new long[] {from, to, size};
    }
}
