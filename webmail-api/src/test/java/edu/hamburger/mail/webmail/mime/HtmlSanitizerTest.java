package edu.hamburger.mail.webmail.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The allow-list over the XSS corpus the browser test also runs (src/test/resources/xss/corpus.txt). */
class HtmlSanitizerTest {

    private final HtmlSanitizer sanitizer = new HtmlSanitizer();

    @Test
    void nothingExecutableOrRemoteSurvivesAnyPayloadOfTheCorpus() throws IOException {
        String corpus;
        try (InputStream in = getClass().getResourceAsStream("/xss/corpus.txt")) {
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int checked = 0;
        for (String block : corpus.split("\n----\n")) {
            String payload = block.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b).replace("BEACON", "http://198.51.100.7");
            String clean = sanitizer.sanitize(payload, cid -> null, false).html();
            // judged as the browser will parse it: elements and attributes, not substrings of text
            Document parsed = Jsoup.parseBodyFragment(clean);
            assertTrue(parsed.body().select("script, iframe, object, embed, form, svg, math, style, link, meta, base, input, select, "
                    + "textarea, video, audio, template, noscript, body body").isEmpty(), clean);
            for (Element element : parsed.body().getAllElements()) {
                for (Attribute attribute : element.attributes()) {
                    String name = attribute.getKey().toLowerCase();
                    String value = attribute.getValue().toLowerCase().replaceAll("\\s", "");
                    assertFalse(name.startsWith("on"), name + " survived in " + clean);
                    if (!name.equals("title") && !name.equals("alt")) {
                        assertFalse(value.contains("javascript:") || value.contains("expression(") || value.contains("198.51.100.7")
                                || value.contains("position:") || value.startsWith("data:text"), name + "=" + value + " survived in " + clean);
                    }
                }
            }
            assertTrue(parsed.body().text().contains("marker"), "the harmless text is kept: " + clean);
            checked++;
        }
        assertTrue(checked >= 25, "corpus read: " + checked);
    }

    @Test
    void formattingLinksAndInlineImagesAreKept() {
        HtmlSanitizer.Result result = sanitizer.sanitize(
                "<table border=1><tr><td style=\"color: red; background-image: url(x); font-weight: bold\">cell</td></tr></table>"
                        + "<a href=\"https://example.org/\">site</a><img src=\"cid:logo@x\"><img src=\"https://t.example/p.gif\">",
                cid -> cid.equals("logo@x") ? "/api/v1/folders/1/messages/2/parts/2?inline=true" : null, false);
        String html = result.html();
        assertTrue(html.contains("color: red; font-weight: bold"), html);
        assertFalse(html.contains("url("), html);
        assertTrue(html.contains("href=\"https://example.org/\" target=\"_blank\" rel=\"noopener noreferrer nofollow\""), html);
        assertTrue(html.contains("src=\"/api/v1/folders/1/messages/2/parts/2?inline=true\""), html);
        assertFalse(html.contains("t.example"), html);
        assertEquals(1, result.remoteImagesBlocked());
        assertTrue(sanitizer.sanitize("<img src=\"https://t.example/p.gif\">", cid -> null, true).html().contains("t.example"));
    }

    @Test
    void aNewslettersOwnStyleSheetKeepsItsLayoutButNothingThatLoadsOrHides() {
        String html = "<html><head><style>@charset \"utf-8\"; .header { color: #fff; background-color: #036; position: fixed }"
                + "@import url(http://evil.example/x.css); @media (max-width: 600px) { .col { width: 100% !important } }"
                + "@font-face { font-family: x; src: url(http://evil.example/f.woff) } a { background-image: url(http://t.example/p) }"
                + ".x\\75rl { color: red } td > p, .footer a { color: #999; display: none } /* a */ h1 { font-size: 20px /* b */ }"
                + "</style></head><body><div class=\"header\" onclick=\"x()\">Sale</div></body></html>";
        HtmlSanitizer.Result result = sanitizer.sanitize(html, cid -> null, false);
        String styles = result.styles();
        assertTrue(styles.contains(".header { color: #fff; background-color: #036 }"), styles);
        assertTrue(styles.contains("@media (max-width: 600px) {"), styles);
        assertTrue(styles.contains(".col { width: 100% !important }"), styles);
        assertTrue(styles.contains("td > p, .footer a { color: #999 }"), styles); // display: none is dropped, the rest stays
        assertTrue(styles.contains("h1 { font-size: 20px }"), styles);
        for (String gone : List.of("position", "@import", "font-face", "url", "evil", "\\", "background-image", "display")) {
            assertFalse(styles.contains(gone), gone + " kept in " + styles);
        }
        assertTrue(result.html().contains("class=\"header\""), result.html());
        assertFalse(result.html().contains("onclick"), result.html());
        assertFalse(result.html().contains("<style"), result.html());
        assertEquals("", sanitizer.sanitize("<p>no sheet</p>", cid -> null, false).styles());
        assertEquals("", StyleSheetSanitizer.sanitize(".a { color: red " + "x".repeat(10)));  // unbalanced
    }
}
