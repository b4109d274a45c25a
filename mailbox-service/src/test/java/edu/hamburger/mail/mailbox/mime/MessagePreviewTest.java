package edu.hamburger.mail.mailbox.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagePreviewTest {

    private static ParsedMessage parse(String message) {
        return MessageParser.parse(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReplysOwnWordsWithoutTheQuoteTheAttributionOrTheSignature() {
        ParsedMessage parsed = parse("""
                From: a@example.test
                Subject: Re: lunch

                Yes, at noon.
                   See you   there!

                On Tue, Bob wrote:
                > Lunch tomorrow?
                > >  Earlier
                --
                Alice
                """);
        assertEquals("Yes, at noon. See you there!", parsed.preview());
    }

    @Test
    void theFirstPlainPartOfAnAlternativeAndKoreanTextAsItIs() {
        ParsedMessage parsed = parse("""
                Subject: x
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary=b

                --b
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                7ZqM7J2Y66W8IOyLnOyeke2VqeuLiOuLpC4=
                --b
                Content-Type: text/html; charset=utf-8

                <p>HTML version</p>
                --b--
                """);
        assertEquals("회의를 시작합니다.", parsed.preview());
    }

    @Test
    void htmlOnlyIsReadWithoutItsMarkupStylesOrQuotedReply() {
        ParsedMessage parsed = parse("""
                Subject: news
                MIME-Version: 1.0
                Content-Type: text/html; charset=utf-8

                <html><head><title>T</title><style>p { color: red }</style></head><body>
                <p>Big&nbsp;sale &amp; more</p><div>today only</div><blockquote>old text</blockquote><script>x()</script>
                </body></html>
                """);
        assertEquals("Big sale & more today only", parsed.preview());
    }

    @Test
    void longTextIsCutAndAnAttachmentOrEmptyBodyGivesNothing() {
        String preview = parse("Subject: long\n\n" + "word ".repeat(300) + "\n").preview();
        assertEquals(MessagePreview.MAX_CHARS, preview.codePointCount(0, preview.length()));
        assertTrue(preview.endsWith("…"), preview);
        assertNull(parse("Subject: empty\n\n\n").preview());
        assertEquals("a b c", parse("Subject: nul\n\na\u0000b\u0007c\n").preview()); // a text column takes no NUL
        assertNull(parse("""
                Subject: file
                MIME-Version: 1.0
                Content-Type: text/plain
                Content-Disposition: attachment; filename=notes.txt

                not the body
                """).preview());
    }

    /** The preview's rule written as it first was (regular expressions over the whole head), which the line walk must equal. */
    private static String referencePreview(String plain) {
        String text = plain.length() > MessagePreview.READ_CHARS ? plain.substring(0, MessagePreview.READ_CHARS) : plain;
        StringBuilder words = new StringBuilder();
        for (String line : text.replaceAll("[\\p{Cntrl}&&[^\\r\\n]]", " ").split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.equals("--")) {
                break;
            }
            if (trimmed.startsWith(">") || trimmed.matches("(?i).{0,200}\\b(wrote|schrieb|a écrit|escribió|작성)\\s*:?\\s*$") && words.length() > 0) {
                continue;
            }
            if (!trimmed.isEmpty()) {
                if (words.length() > 0) {
                    words.append(' ');
                }
                words.append(trimmed.replaceAll("\\s+", " "));
            }
            if (words.length() > MessagePreview.MAX_CHARS) {
                break;
            }
        }
        String preview = words.toString();
        if (preview.isEmpty()) {
            return null;
        }
        if (preview.codePointCount(0, preview.length()) > MessagePreview.MAX_CHARS) {
            preview = preview.substring(0, preview.offsetByCodePoints(0, MessagePreview.MAX_CHARS - 1)).stripTrailing() + "…";
        }
        return preview;
    }

    @Test
    void randomTextsOfLineBreaksControlsQuotesAndSignaturesGiveThePreviewOfTheFirstRule() {
        String[] pieces = {"a", "word ", "  ", "\t", "\r\n", "\n", "\r", "\u000b", "\u000c", "\u0085", "\u2028", "\u0000",
            "> ", "--", "Bob wrote:", " 작성:", "강의", "x".repeat(90), "\u007f"};
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(60); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String plain = text.toString();
            assertEquals(referencePreview(plain), MessagePreview.of(plain, null), () -> plain.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }
}
