package edu.hamburger.mail.webmail.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Properties;

/**
 * Finds parts of a parsed message by IMAP-style number (RFC 3501 §6.4.5): the children of a
 * multipart are 1, 2, ...; a non-multipart message's body is part 1. One numbering for the
 * attachments list and the download of a part, so the two never disagree.
 */
public final class MimeParts {

    /** Angus Mail needs a session only for its properties; parsing uses none of its transports. */
    static final Session PARSING = Session.getInstance(new Properties());

    private MimeParts() {
    }

    public static MimeMessage parse(byte[] raw) {
        try {
            return new MimeMessage(PARSING, new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("unreadable message: " + e.getMessage(), e);
        }
    }

    /** The part with that number, or null. */
    public static Part find(MimeMessage message, String number) throws MessagingException, IOException {
        if (number == null || !number.matches("[1-9][0-9]{0,3}(\\.[1-9][0-9]{0,3}){0,15}")) {
            return null;
        }
        Part current = message;
        for (String step : number.split("\\.")) {
            int index = Integer.parseInt(step);
            Object content = current.isMimeType("multipart/*") ? current.getContent() : null;
            if (content instanceof Multipart multipart) {
                if (index > multipart.getCount()) {
                    return null;
                }
                current = multipart.getBodyPart(index - 1);
            } else if (index == 1 && current == message) {
                return current; // a single-part message's body is part 1
            } else {
                return null;
            }
        }
        return current;
    }

    /** Visits every leaf part with its number, depth first, in message order. */
    public static void walk(MimeMessage message, LeafVisitor visitor) throws MessagingException, IOException {
        if (message.isMimeType("multipart/*") && message.getContent() instanceof Multipart multipart) {
            walk(multipart, "", visitor, 0);
        } else {
            visitor.leaf("1", message, null);
        }
    }

    private static void walk(Multipart multipart, String prefix, LeafVisitor visitor, int depth) throws MessagingException, IOException {
        if (depth > 16) {
            return; // deeper nesting is an attack, not a message
        }
        String container = multipart.getContentType();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            String number = prefix + (i + 1);
            if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart nested) {
                walk(nested, number + ".", visitor, depth + 1);
            } else {
                visitor.leaf(number, part, container);
            }
        }
    }

    @FunctionalInterface
    public interface LeafVisitor {
        /** @param container the Content-Type of the enclosing multipart, or null at the top */
        void leaf(String number, Part part, String container) throws MessagingException, IOException;
    }
}
