package edu.hamburger.mail.mailbox.mime;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

public class MessageParserTest {

    public static final byte[] ATTACHMENT = new byte[3000];

    static {
        for (int i = 0; i < ATTACHMENT.length; i++) {
            ATTACHMENT[i] = (byte) (i * 31 + 7);
        }
    }

    /** A Korean multipart/mixed: alternative (text + html) and a binary attachment with an RFC 2231 name. */
    public static byte[] koreanMultipart() {
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ATTACHMENT);
        String text = "From: =?UTF-8?B?7JWo66as7Iqk?= <alice@crepes.fr>\r\n"
                + "To: \"밥\" <bob@hamburger.edu>, carol@hamburger.edu\r\n"
                + "Cc: team: dave@hamburger.edu, erin@hamburger.edu;\r\n"
                + "Subject: =?UTF-8?B?7JWI64WV7ZWY7IS47JqU?=\r\n"
                + "Date: Thu, 26 Nov 2026 13:00:00 +0900\r\n"
                + "Message-ID: <k1@crepes.fr>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
                + "\r\n"
                + "preamble\r\n"
                + "--outer\r\n"
                + "Content-Type: multipart/alternative; boundary=inner\r\n"
                + "\r\n"
                + "--inner\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "안녕하세요, 밥!\r\n케첩 좋아해요?\r\n"
                + "--inner\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n"
                + "\r\n"
                + "<p>안녕하세요</p>\r\n"
                + "--inner--\r\n"
                + "--outer\r\n"
                + "Content-Type: application/octet-stream; name=\"=?UTF-8?B?67O06rOg7IScLmJpbg==?=\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.bin\r\n"
                + "\r\n"
                + b64 + "\r\n"
                + "--outer--\r\n"
                + "epilogue\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Mail sent as raw UTF-8 without a Content-Type (swaks, scripts) is searchable text, not replacement characters. */
    @Test
    void undeclaredEightBitTextIsReadAsUtf8() {
        ParsedMessage plain = MessageParser.parse("Subject: x\r\n\r\n다음 주 강의는 월요일입니다.\r\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(plain.bodyText().contains("강의는"), plain.bodyText());
        ParsedMessage ascii = MessageParser.parse(("Subject: x\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\ncafé\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(ascii.bodyText().contains("café"), ascii.bodyText());
        ParsedMessage latin = MessageParser.parse(("Subject: x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\ncaf\u00e9\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(latin.bodyText().contains("café"), "a declared charset still rules: " + latin.bodyText());
    }

    @Test
    void koreanMultipartHasTheRightEnvelopeAndStructure() {
        byte[] raw = koreanMultipart();
        ParsedMessage parsed = MessageParser.parse(raw);

        MessageEnvelope envelope = parsed.envelope();
        assertEquals("=?UTF-8?B?7JWI64WV7ZWY7IS47JqU?=", envelope.subject());
        assertEquals("Thu, 26 Nov 2026 13:00:00 +0900", envelope.date());
        assertEquals("앨리스", envelope.from().get(0).name());
        assertEquals("alice", envelope.from().get(0).mailbox());
        assertEquals("crepes.fr", envelope.from().get(0).host());
        assertEquals(envelope.from(), envelope.sender());
        assertEquals(envelope.from(), envelope.replyTo());
        assertEquals(2, envelope.to().size());
        assertEquals("밥", envelope.to().get(0).name());
        assertEquals("carol@hamburger.edu", envelope.to().get(1).address());
        assertEquals("team", envelope.cc().get(0).mailbox());        // group start
        assertNull(envelope.cc().get(0).host());
        assertEquals("dave@hamburger.edu", envelope.cc().get(1).address());
        assertNull(envelope.cc().get(3).mailbox());                  // group end
        assertEquals("<k1@crepes.fr>", envelope.messageId());
        assertEquals(java.time.OffsetDateTime.parse("2026-11-26T13:00:00+09:00"), parsed.sentDate());

        BodyPart body = parsed.body();
        assertEquals("multipart/mixed", body.mimeType());
        assertEquals(2, body.parts().size());
        BodyPart alternative = SectionPath.resolve(body, "1");
        assertEquals("multipart/alternative", alternative.mimeType());
        BodyPart plain = SectionPath.resolve(body, "1.1");
        assertEquals("text/plain", plain.mimeType());
        assertEquals("utf-8", plain.params().get("charset"));
        assertEquals("8bit", plain.encoding());
        assertEquals(2, plain.lines());
        assertEquals("안녕하세요, 밥!\r\n케첩 좋아해요?", new String(raw, plain.bodyStart(), plain.end() - plain.bodyStart(), StandardCharsets.UTF_8));
        assertEquals(plain.end() - plain.bodyStart(), plain.size());
        assertEquals("<p>안녕하세요</p>", new String(raw, SectionPath.resolve(body, "1.2").bodyStart(),
                (int) SectionPath.resolve(body, "1.2").size(), StandardCharsets.UTF_8));

        BodyPart attachment = SectionPath.resolve(body, "2");
        assertEquals("application/octet-stream", attachment.mimeType());
        assertEquals("attachment", attachment.disposition());
        assertEquals("보고서.bin", attachment.filename());
        assertEquals("base64", attachment.encoding());
        byte[] decoded = MessageParser.decodeTransfer(raw, attachment.bodyStart(), attachment.end(), attachment.encoding());
        assertArrayEquals(ATTACHMENT, decoded, "the attachment decodes byte for byte");
        assertEquals("Content-Type: application/octet-stream;", new String(raw, attachment.headerStart(), 39, StandardCharsets.UTF_8));

        assertTrue(parsed.bodyText().contains("케첩 좋아해요"));
        assertTrue(parsed.headerText().contains("Subject: 안녕하세요\n"), "the decoded subject is searchable");
        assertTrue(!parsed.headerText().contains("케첩"));
        assertNull(SectionPath.resolve(body, "3"));
        assertNull(SectionPath.resolve(body, "1.3"));
        assertNull(SectionPath.resolve(body, "2.1.1"));
        assertNull(SectionPath.resolve(body, "x"));
    }

    /** imaptest's fetch-envelope and search-addresses groups: old forms Dovecot reads. */
    @Test
    void commentNamesGroupsAndCommentsInsideAddresses() {
        ParsedMessage parsed = MessageParser.parse(("From: user@domain (Real Name)\r\n"
                + "To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\r\n"
                + "Cc: <user-cc (comment)@ (comment) domain.org>\r\nSender: \r\nDate: Sun, 25 Mar 2007 20:00:00 EST (Eastern)\r\n"
                + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
        MessageEnvelope envelope = parsed.envelope();
        assertEquals(List.of(new EnvelopeAddress("Real Name", null, "user", "domain")), envelope.from());
        assertEquals(envelope.from(), envelope.sender(), "an empty Sender: is no sender");
        assertEquals(List.of(EnvelopeAddress.groupStart("group"), new EnvelopeAddress(null, null, "g1", "d1.org"),
                new EnvelopeAddress(null, null, "g2", "d2.org"), EnvelopeAddress.groupEnd(), EnvelopeAddress.groupStart("group2"),
                new EnvelopeAddress(null, null, "g3", "d3.org"), EnvelopeAddress.groupEnd()), envelope.to());
        assertEquals(List.of(new EnvelopeAddress(null, null, "user-cc", "domain.org")), envelope.cc());
        assertTrue(parsed.headerText().contains("<user-cc@domain.org>"), "SEARCH CC user-cc@domain.org finds it");
        assertTrue(parsed.headerText().contains("Real Name <user@domain>"));
        assertEquals(java.time.OffsetDateTime.parse("2007-03-25T20:00:00-05:00"), parsed.sentDate());
    }

    @Test
    void singlePartMessageIsItsOwnPartOne() {
        byte[] raw = "Subject: hi\r\n\r\nDo you like ketchup?\r\nHow about pickles?\r\n".getBytes(StandardCharsets.US_ASCII);
        ParsedMessage parsed = MessageParser.parse(raw);
        BodyPart body = parsed.body();
        assertEquals("text/plain", body.mimeType());
        assertEquals("us-ascii", body.params().get("charset"));
        assertEquals(15, parsed.headerSize());
        assertEquals(body, SectionPath.resolve(body, "1"));
        assertNull(SectionPath.resolve(body, "2"));
        assertEquals(2, body.lines());
        assertEquals(raw.length - 15, body.size());
        assertTrue(parsed.envelope().from().isEmpty());
        assertNull(parsed.sentDate());
    }

    @Test
    void encapsulatedMessageIsNumberedBelowItsPart() {
        String inner = "From: a@b.c\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
                + "--x\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--x\r\nContent-Type: text/plain\r\n\r\nsecond\r\n--x--\r\n";
        String outer = "Subject: fwd\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n"
                + "--y\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--y\r\nContent-Type: message/rfc822\r\n\r\n" + inner + "\r\n--y--\r\n";
        byte[] raw = outer.getBytes(StandardCharsets.US_ASCII);
        BodyPart body = MessageParser.parse(raw).body();
        BodyPart forwarded = SectionPath.resolve(body, "2");
        assertTrue(forwarded.encapsulatesMessage());
        assertEquals("inner", forwarded.envelope().subject());
        assertEquals("second", text(raw, SectionPath.resolve(body, "2.2")));
        assertEquals("first", text(raw, SectionPath.resolve(body, "2.1")));
        assertEquals("multipart/mixed", forwarded.message().mimeType());
    }

    /**
     * RFC 3501 §6.4.5: part 1 of a message that is not multipart is its body. When the message's
     * own type is message/rfc822 that body is the whole enclosed message (header and text), and
     * 1.1 is the enclosed message's body; twice enclosed, 1.1 is the inner message and 1.1.1 its text.
     */
    @Test
    void aMessageWhoseTypeIsMessageRfc822HasTheEnclosedMessageAsPartOne() {
        String innermost = "Subject: innermost\r\n\r\nHello world\r\n";
        String middle = "Subject: middle\r\nContent-Type: message/rfc822\r\n\r\n" + innermost;
        byte[] once = ("Subject: outer\r\nContent-Type: message/rfc822\r\n\r\n" + innermost).getBytes(StandardCharsets.US_ASCII);
        BodyPart body = MessageParser.parse(once).body();
        assertEquals(innermost, text(once, SectionPath.resolve(body, "1")));
        assertEquals("Hello world\r\n", text(once, SectionPath.resolve(body, "1.1")));
        assertNull(SectionPath.resolve(body, "1.2"));

        byte[] twice = ("Subject: outer\r\nContent-Type: message/rfc822\r\n\r\n" + middle).getBytes(StandardCharsets.US_ASCII);
        BodyPart nested = MessageParser.parse(twice).body();
        assertEquals(middle, text(twice, SectionPath.resolve(nested, "1")));
        assertEquals(innermost, text(twice, SectionPath.resolve(nested, "1.1")));
        assertEquals("Hello world\r\n", text(twice, SectionPath.resolve(nested, "1.1.1")));
    }

    @Test
    void bareLineFeedsAndAMissingCloseDelimiterAreTolerated() {
        String text = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nbody one\n--b\n\nbody two";
        byte[] raw = text.getBytes(StandardCharsets.US_ASCII);
        BodyPart body = MessageParser.parse(raw).body();
        assertEquals(2, body.parts().size());
        assertEquals("body one", text(raw, body.parts().get(0)));
        assertEquals("body two", text(raw, body.parts().get(1)));
        assertEquals("text/plain", body.parts().get(1).mimeType());
    }

    /** A 20 MB base64 text part: the search text is its first megabyte of characters, decoded from only as much as that needs. */
    @Test
    void theSearchTextOfAHugeTextPartIsItsBeginning() {
        String line = "Ketchup and pickles, line after line of them 0123456789\n";
        StringBuilder plain = new StringBuilder();
        while (plain.length() < 15 * 1024 * 1024) {
            plain.append(line);
        }
        String encoded = java.util.Base64.getMimeEncoder().encodeToString(plain.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] raw = ("Subject: big\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + encoded + "\r\n").getBytes(StandardCharsets.US_ASCII);
        String text = MessageParser.parse(raw).bodyText();
        assertTrue(text.length() <= MessageParser.MAX_SEARCH_CHARS + 1, "capped: " + text.length());
        assertTrue(text.length() >= MessageParser.MAX_SEARCH_CHARS, "filled to the cap: " + text.length());
        assertTrue(text.startsWith(line + line), text.substring(0, 80));
    }

    @Test
    void hostileNestingIsBounded() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            text.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        text.append("\r\nleaf\r\n");
        BodyPart body = MessageParser.parse(text.toString().getBytes(StandardCharsets.US_ASCII)).body();
        int depth = 0;
        for (BodyPart p = body; !p.parts().isEmpty(); p = p.parts().get(0)) {
            depth++;
        }
        assertTrue(depth <= MessageParser.MAX_DEPTH, "depth " + depth);
    }

    @Test
    void garbageDoesNotThrow() {
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] raw = new byte[random.nextInt(400)];
            random.nextBytes(raw);
            if (i % 2 == 0) {
                byte[] prefix = "Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\n".getBytes(StandardCharsets.US_ASCII);
                byte[] joined = Arrays.copyOf(prefix, prefix.length + raw.length);
                System.arraycopy(raw, 0, joined, prefix.length, raw.length);
                raw = joined;
            }
            assertNotNull(MessageParser.parse(raw).body());
        }
    }

    private static String text(byte[] raw, BodyPart part) {
        return new String(raw, part.bodyStart(), part.end() - part.bodyStart(), StandardCharsets.US_ASCII);
    }
}
