package edu.hamburger.mail.core.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageBatchTest {

    @Test
    void framesSurviveContentThatLooksLikeFrames() {
        byte[] tricky = "7 5\r\nhello\r\n12 0\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] binary = {0, '\r', '\n', (byte) 0xff};
        List<MessageBatch.Message> decoded = MessageBatch.decode(MessageBatch.encode(List.of(
                new MessageBatch.Message(3, tricky), new MessageBatch.Message(9, new byte[0]), new MessageBatch.Message(11, binary))));
        assertEquals(List.of(3L, 9L, 11L), decoded.stream().map(MessageBatch.Message::uid).toList());
        assertArrayEquals(tricky, decoded.get(0).raw());
        assertEquals(0, decoded.get(1).raw().length);
        assertArrayEquals(binary, decoded.get(2).raw());
        assertEquals(List.of(), MessageBatch.decode(new byte[0]));
    }

    @Test
    void aTruncatedOrForeignBodyIsRefused() {
        byte[] whole = MessageBatch.encode(List.of(new MessageBatch.Message(1, "abc".getBytes(StandardCharsets.US_ASCII))));
        assertThrows(IllegalArgumentException.class, () -> MessageBatch.decode(java.util.Arrays.copyOf(whole, whole.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> MessageBatch.decode("<html>".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> MessageBatch.decode("1 -4\r\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
