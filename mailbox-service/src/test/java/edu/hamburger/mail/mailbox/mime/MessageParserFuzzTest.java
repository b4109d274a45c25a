package edu.hamburger.mail.mailbox.mime;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.message.BodyPart;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The MIME parser on messages built from the pieces that make MIME hard (boundaries, nested
 * multiparts, message/rfc822, encodings, broken headers): it always gives a structure whose
 * offsets lie inside the message and whose depth is bounded; it never throws.
 */
class MessageParserFuzzTest {

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<String> pieces = Arbitraries.of("Content-Type: multipart/mixed; boundary=a\r\n",
                "Content-Type: multipart/alternative; boundary=\"b\"\r\n", "Content-Type: message/rfc822\r\n",
                "Content-Type: text/plain; charset=utf-8\r\n", "Content-Type: text/html; charset=\"euc-kr\"\r\n",
                "Content-Transfer-Encoding: base64\r\n", "Content-Transfer-Encoding: quoted-printable\r\n",
                "Content-Disposition: attachment; filename*=UTF-8''%ED%95%9C.pdf\r\n", "Subject: =?utf-8?B?7ZWc6rWt?=\r\n",
                "\r\n", "--a\r\n", "--a--\r\n", "--b\r\n", "--b--\r\n", "body text\r\n", "=C3=A9=\r\n", "SGVsbG8=\r\n",
                "\n", "\r", ": no name\r\n", "X: folded\r\n continued\r\n", "From: <a@b>\r\n", "\u0000", "é");
        return pieces.list().ofMaxSize(40).map(list -> String.join("", list).getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void alwaysAStructureInsideTheMessage(@ForAll("messages") byte[] raw) {
        ParsedMessage parsed = MessageParser.parse(raw);
        assertNotNull(parsed.body());
        check(parsed.body(), raw.length, 0);
    }

    @Property
    void arbitraryBytes(@ForAll byte[] raw) {
        assertNotNull(MessageParser.parse(raw).body());
    }

    private static void check(BodyPart part, int length, int depth) {
        assertTrue(depth <= MessageParser.MAX_DEPTH + 1, "depth " + depth);
        assertTrue(0 <= part.headerStart() && part.headerStart() <= part.bodyStart() && part.bodyStart() <= part.end()
                && part.end() <= length, part.headerStart() + " " + part.bodyStart() + " " + part.end() + " of " + length);
        for (BodyPart child : part.parts()) {
            check(child, length, depth + 1);
        }
        if (part.message() != null) {
            check(part.message(), length, depth + 1);
        }
    }
}
