package edu.hamburger.mail.core.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Several whole messages in one body (mailbox-service's {@code GET .../messages/contents}): each
 * a line {@code <uid> <size>} CRLF, then exactly {@code size} octets, no separator after. Octets
 * are counted, never scanned, so message content cannot break the framing.
 */
public final class MessageBatch {

    /** One message of a batch. */
    public record Message(long uid, byte[] raw) {
    }

    private MessageBatch() {
    }

    public static byte[] encode(List<Message> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(messages.stream().mapToInt(m -> m.raw().length + 24).sum());
        for (Message m : messages) {
            out.writeBytes((m.uid() + " " + m.raw().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(m.raw());
        }
        return out.toByteArray();
    }

    /** {@link IllegalArgumentException} when the body is not a batch. */
    public static List<Message> decode(byte[] body) {
        List<Message> messages = new ArrayList<>();
        int pos = 0;
        while (pos < body.length) {
            int lineEnd = pos;
            while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                lineEnd++;
                if (lineEnd - pos > 40) {
                    throw new IllegalArgumentException("not a message batch: frame line too long at " + pos);
                }
            }
            if (lineEnd + 1 >= body.length) {
                throw new IllegalArgumentException("not a message batch: frame line unterminated at " + pos);
            }
            String[] frame = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(" ");
            long uid;
            int size;
            try {
                uid = Long.parseLong(frame[0]);
                size = Integer.parseInt(frame[1]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a message batch: bad frame line at " + pos);
            }
            int start = lineEnd + 2;
            if (size < 0 || frame.length != 2 || start + (long) size > body.length) {
                throw new IllegalArgumentException("not a message batch: frame of " + size + " octets at " + pos + " overruns");
            }
            messages.add(new Message(uid, java.util.Arrays.copyOfRange(body, start, start + size)));
            pos = start + size;
        }
        return messages;
    }
}
