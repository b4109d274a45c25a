package edu.hamburger.mail.webmail.mime;

import java.util.List;

/**
 * A received message as the webmail shows it: decoded headers, the plain text, whether a
 * (sanitised) HTML body exists, and the attachments.
 *
 * @param references the Message-IDs of the thread, oldest first
 * @param html       the sanitised HTML body, or null when the message has none
 * @param styles     the HTML body's own style sheet, sanitised, for its frame ("" when none)
 */
public record MessageView(
        String messageId,
        String subject,
        String date,
        List<Mailbox> from,
        List<Mailbox> to,
        List<Mailbox> cc,
        List<Mailbox> replyTo,
        String inReplyTo,
        List<String> references,
        String text,
        String html,
        @com.fasterxml.jackson.annotation.JsonIgnore String styles,
        int remoteImagesBlocked,
        List<Attachment> attachments) {

    /** One address: display name decoded (RFC 2047), and the address itself. */
    public record Mailbox(String name, String address) {
        public String display() {
            return name == null || name.isBlank() ? address : name + " <" + address + ">";
        }
    }

    /**
     * @param part        IMAP-style part number ("2", "1.3") to download it by
     * @param filename    decoded (RFC 2231 / RFC 2047), or null
     * @param contentId   without angle brackets, or null
     * @param size        bytes after transfer decoding, -1 when unknown
     * @param viewable    the server shows it inline (an image of {@link MessageReader#VIEWABLE}), so it can be previewed
     */
    public record Attachment(String part, String filename, String contentType, long size, boolean inline, String contentId,
                             boolean viewable) {
    }
}
