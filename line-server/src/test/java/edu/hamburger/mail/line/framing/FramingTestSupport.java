package edu.hamburger.mail.line.framing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** Feeds input to a framer in given pieces and records the frames it cuts, as comparable text. */
final class FramingTestSupport {

    private FramingTestSupport() {
    }

    /** Feeds {@code input} in pieces of {@code pieceSize} octets (after each, frames are taken until none is left). */
    static List<String> frames(Supplier<Framer> framers, byte[] input, int pieceSize) {
        Framer framer = framers.get();
        ByteQueue queue = new ByteQueue();
        List<String> frames = new ArrayList<>();
        for (int at = 0; at < input.length; at += pieceSize) {
            queue.append(input, at, Math.min(pieceSize, input.length - at));
            for (Frame frame = framer.next(queue); frame != null; frame = framer.next(queue)) {
                frames.add(describe(frame));
                if (frame instanceof Frame.Data || frame instanceof Frame.Octets) {
                    framer = framers.get(); // a DATA or BDAT framer reads one unit; the protocol gives a new one
                }
            }
        }
        return frames;
    }

    static List<String> frames(Supplier<Framer> framers, String input, int pieceSize) {
        return frames(framers, input.getBytes(StandardCharsets.UTF_8), pieceSize);
    }

    static String describe(Frame frame) {
        if (frame instanceof Frame.Line line) {
            return "line:" + line.text();
        }
        if (frame instanceof Frame.Refused refused) {
            return "refused:" + refused.reason() + (refused.fatal() ? ":fatal" : "") + ":"
                    + new String(refused.start(), StandardCharsets.ISO_8859_1).split("[ \r\n]", 2)[0];
        }
        if (frame instanceof Frame.Data data) {
            return "data:" + new String(data.reader().message(), StandardCharsets.ISO_8859_1)
                    + (data.reader().tooBig() ? ":too-big" : "") + (data.reader().bareLineEnding() ? ":bare" : "");
        }
        if (frame instanceof Frame.Octets octets) {
            return "octets:" + new String(octets.bytes(), StandardCharsets.ISO_8859_1) + (octets.overflow() ? ":overflow" : "");
        }
        return "command:" + new String(((Frame.Command) frame).bytes(), StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }
}
