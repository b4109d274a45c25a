package edu.hamburger.mail.webmail.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.api.Identity;
import edu.hamburger.mail.webmail.mime.Compose.Upload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the composer writes, read back by the reader the webmail shows messages with. */
class MessageComposerTest {

    private static final Identity ALICE = new Identity("alice@crepes.fr", "", "");

    private final MessageComposer composer = new MessageComposer();
    private final MessageReader reader = new MessageReader();

    private static Compose compose(List<String> to, String subject, String text, String html) {
        return new Compose(to, List.of(), List.of(), subject, text, html, null, List.of(), null, null, null, null);
    }

    @Test
    void koreanSubjectNamesAndFileNamesAreEncodedAndSurviveTheRoundTrip() throws Exception {
        byte[] file = {0, 1, 2, (byte) 0xff, 13, 10, 46, 13, 10};
        var composed = composer.compose(ALICE,
                compose(List.of("\"밥 Bob\" <bob@hamburger.edu>"), "안녕하세요, 회의 자료", "첫 줄\n둘째 줄\r\n.\n", null),
                List.of(new Upload("회의록 (최종).pdf", "application/pdf", file)), null, null);
        String raw = new String(composed.bytes(), StandardCharsets.US_ASCII);
        assertTrue(raw.contains("Subject: =?UTF-8?"), raw);
        assertTrue(raw.contains("filename*=UTF-8''"), raw);
        assertFalse(raw.chars().anyMatch(c -> c > 127), "all 7-bit on the wire");
        assertFalse(raw.replace("\r\n", "").contains("\n"), "CRLF only");
        assertFalse(raw.replace("\r\n", "").contains("\r"), "CRLF only");
        assertEquals(List.of("bob@hamburger.edu"), composed.recipients());

        MessageView view = reader.read(composed.bytes(), part -> null, false);
        assertEquals("안녕하세요, 회의 자료", view.subject());
        assertEquals("밥 Bob", view.to().get(0).name());
        assertEquals("첫 줄\r\n둘째 줄\r\n.\r\n", view.text());
        assertEquals("회의록 (최종).pdf", view.attachments().get(0).filename());
        assertEquals(composed.messageId(), view.messageId());
        var part = MimeParts.find(MimeParts.parse(composed.bytes()), view.attachments().get(0).part());
        assertArrayEquals(file, part.getInputStream().readAllBytes());
    }

    @Test
    void theAuthorIsTheIdentityWithItsDisplayNameEncodedAndTheEnvelopeSenderItsAddress() throws Exception {
        var composed = composer.compose(new Identity("press@crepes.fr", "앨리스, Press", ""),
                compose(List.of("bob@hamburger.edu"), "Hi", "text", null), List.of(), null, null);
        String raw = new String(composed.bytes(), StandardCharsets.US_ASCII);
        assertTrue(raw.contains("From: =?UTF-8?"), raw);
        assertEquals("press@crepes.fr", composed.sender());
        assertTrue(composed.messageId().endsWith("@crepes.fr>"), composed.messageId());
        MessageView view = reader.read(composed.bytes(), part -> null, false);
        assertEquals("앨리스, Press", view.from().get(0).name());
        assertEquals("press@crepes.fr", view.from().get(0).address());
    }

    @Test
    void textAndHtmlBecomeAlternativesAndBccIsKeptForTheSentCopy() throws Exception {
        var draft = new Compose(List.of("bob@hamburger.edu"), List.of("carol@hamburger.edu"), List.of("dave@hamburger.edu"), "Hi",
                "plain", "<p>rich</p>", "<a@b>", List.of("<z@b>", "<a@b>"), null, null, null, null);
        var composed = composer.compose(ALICE, draft, List.of(), null, null);
        String raw = new String(composed.bytes(), StandardCharsets.US_ASCII);
        assertTrue(raw.contains("multipart/alternative"), raw);
        assertTrue(raw.contains("Bcc: dave@hamburger.edu"), raw);
        assertTrue(raw.contains("In-Reply-To: <a@b>"), raw);
        assertEquals(List.of("bob@hamburger.edu", "carol@hamburger.edu", "dave@hamburger.edu"), composed.recipients());
        MessageView view = reader.read(composed.bytes(), part -> null, false);
        assertEquals("plain", view.text());
        assertEquals("<p>rich</p>", view.html());
        assertEquals(List.of("<z@b>", "<a@b>"), view.references());
    }

    /** HTML from the browser's editor is cleaned like received HTML before it is sent: the recipient gets no script. */
    @Test
    void htmlSentIsCleanedOfScriptAndHandlersButKeepsItsFormatting() throws Exception {
        String html = "<p>Hello <strong>bold</strong> <em>world</em></p><ul><li>one</li></ul><script>steal()</script>"
                + "<img src=x onerror=steal()><a href=\"javascript:steal()\">x</a><a href=\"https://example.org\">link</a>";
        var composed = composer.compose(ALICE, compose(List.of("bob@hamburger.edu"), "Rich", "Hello bold world", html),
                List.of(), null, null);
        String raw = new String(composed.bytes(), StandardCharsets.UTF_8);
        for (String gone : List.of("<script", "steal()", "onerror", "javascript:")) {
            assertFalse(raw.contains(gone), gone + " was sent: " + raw);
        }
        MessageView view = reader.read(composed.bytes(), part -> null, false);
        assertEquals("Hello bold world", view.text());
        assertTrue(view.html().contains("<strong>bold</strong> <em>world</em>"), view.html());
        assertTrue(view.html().contains("<ul><li>one</li></ul>"), view.html());
        assertTrue(view.html().contains("href=\"https://example.org\""), view.html());
    }

    @Test
    void headerInjectionAndBadAddressesAreRefusedOrNeutralised() throws Exception {
        var composed = composer.compose(ALICE,
                compose(List.of("bob@hamburger.edu"), "Hello\r\nBcc: victim@example.org", "x", null), List.of(), null, null);
        String raw = new String(composed.bytes(), StandardCharsets.US_ASCII);
        assertFalse(raw.contains("\r\nBcc: victim"), raw);
        assertThrows(MessageComposer.InvalidMessageException.class, () -> composer.compose(ALICE,
                compose(List.of("bob@hamburger.edu\r\nRCPT TO:<x@y>"), "s", "x", null), List.of(), null, null));
        assertThrows(MessageComposer.InvalidMessageException.class, () -> composer.compose(ALICE,
                compose(List.of("no address here"), "s", "x", null), List.of(), null, null));
        assertThrows(MessageComposer.InvalidMessageException.class, () -> composer.compose(ALICE,
                new Compose(List.of("bob@hamburger.edu"), List.of(), List.of(), "s", "x", null, "not-an-id\r\nX: y", List.of(), null, null, null, null),
                List.of(), null, null));
    }

    @Test
    void aFileNameCannotCarryAPath() {
        assertEquals("passwd", MessageComposer.safeFileName("../../etc/passwd"));
        assertEquals("evil.exe", MessageComposer.safeFileName("C:\\Users\\x\\evil.exe"));
        assertEquals("attachment", MessageComposer.safeFileName("\r\n"));
    }
}
