package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.webmail.mime.MessageView.Mailbox;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One page of a folder's messages, newest first. */
public record MessageList(long folderId, long total, int page, int pageSize, List<Item> messages) {

    /**
     * A line of the list: enough to show and sort it, not the body. {@code date} is when it
     * arrived, {@code sentDate} what its Date field says as the store parsed it (null without a readable one),
     * {@code snippet} the first words of its text (null when the store has none).
     */
    public record Item(long uid, String subject, List<Mailbox> from, List<Mailbox> to, Instant date, long size,
                       List<String> flags, boolean seen, boolean flagged, boolean answered, boolean hasAttachments,
                       String messageId, Instant sentDate, String snippet) {

        static Item of(MessageSummary summary) {
            var envelope = summary.envelope();
            List<String> flags = summary.flags() == null ? List.of() : summary.flags();
            return new Item(summary.uid(),
                    envelope == null ? null : decode(envelope.subject()),
                    envelope == null ? List.of() : mailboxes(envelope.from()),
                    envelope == null ? List.of() : mailboxes(envelope.to()),
                    summary.internalDate(), summary.size(), flags,
                    flags.contains("\\Seen"), flags.contains("\\Flagged"), flags.contains("\\Answered"),
                    MessageList.hasAttachments(summary.bodyStructure()),
                    envelope == null ? null : envelope.messageId(),
                    summary.sentDate(),
                    summary.preview());
        }
    }

    static List<Mailbox> mailboxes(List<EnvelopeAddress> addresses) {
        if (addresses == null) {
            return List.of();
        }
        return addresses.stream().filter(a -> a.address() != null).map(a -> new Mailbox(decode(a.name()), a.address())).toList();
    }

    /** An envelope field as IMAP gives it: RFC 2047 encoded words still in it. */
    static String decode(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return value;
        }
    }

    static boolean hasAttachments(BodyPart part) {
        if (part == null) {
            return false;
        }
        if (part.multipart()) {
            return part.parts() != null && part.parts().stream().filter(Objects::nonNull).anyMatch(MessageList::hasAttachments);
        }
        return "attachment".equalsIgnoreCase(part.disposition()) || part.filename() != null || part.encapsulatesMessage();
    }
}
