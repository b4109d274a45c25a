package edu.hamburger.mail.mailbox.mime;

import java.util.regex.Pattern;

/**
 * The first words of a message's text, as mail lists show under the subject (and as IMAP's
 * PREVIEW, RFC 8970, describes): from the first plain text part, else the first HTML part with its
 * markup taken out; quoted lines and the "On ... wrote:" line before them left out, white space
 * collapsed, at most {@link #MAX_CHARS} characters.
 */
public final class MessagePreview {

    /** RFC 8970 §3.1: at most 256 characters; lists show far fewer. */
    public static final int MAX_CHARS = 200;
    /** Characters of a part read for it: enough to find the first words after a long quote. */
    static final int READ_CHARS = 16_384;

    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(head|style|script|title)\\b.*?</\\1\\s*>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<\\s*(br|/p|/div|/tr|/li|/h[1-6]|/blockquote)\\b[^>]*>");
    private static final Pattern QUOTED_HTML = Pattern.compile("(?is)<blockquote\\b.*?</blockquote\\s*>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final Pattern ATTRIBUTION = Pattern.compile("(?i).{0,200}\\b(wrote|schrieb|a écrit|escribió|작성)\\s*:?\\s*$");

    private MessagePreview() {
    }

    /** The preview of a message whose first plain text and first HTML part are these (either may be null); null when it has no words. */
    public static String of(String plain, String html) {
        String text = plain != null && !plain.isBlank() ? plain : html == null ? null : textOf(head(html));
        if (text == null) {
            return null;
        }
        text = head(text);
        StringBuilder words = new StringBuilder();
        // line by line, and only as far as the preview reaches: a long part's later lines cost nothing
        for (int at = 0; at < text.length() && words.length() <= MAX_CHARS; ) {
            int end = lineEnd(text, at);
            String trimmed = withoutControls(text.substring(at, end)).strip();
            at = end + (text.startsWith("\r\n", end) ? 2 : 1);
            if (trimmed.equals("--")) {
                break; // the signature follows
            }
            if (trimmed.startsWith(">") || words.length() > 0 && ATTRIBUTION.matcher(trimmed).matches()) {
                continue;
            }
            if (!trimmed.isEmpty()) {
                if (words.length() > 0) {
                    words.append(' ');
                }
                words.append(WHITE_SPACE.matcher(trimmed).replaceAll(" "));
            }
        }
        String preview = words.toString();
        if (preview.isEmpty()) {
            return null;
        }
        if (preview.codePointCount(0, preview.length()) > MAX_CHARS) {
            preview = preview.substring(0, preview.offsetByCodePoints(0, MAX_CHARS - 1)).stripTrailing() + "…";
        }
        return preview;
    }

    /** Where the line starting at {@code from} ends: its line break (as {@code \\R} has them, bar VT and FF), or the text's end. */
    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return text.length();
    }

    /** Control characters (NUL among them, which a text column refuses) as spaces; VT and FF too, so they break no line. */
    private static String withoutControls(String line) {
        char[] chars = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (chars == null) {
                    chars = line.toCharArray();
                }
                chars[i] = ' ';
            }
        }
        return chars == null ? line : new String(chars);
    }

    /** The start of a part's text: the first words are in it, and a long part costs no more. */
    private static String head(String text) {
        return text.length() > READ_CHARS ? text.substring(0, READ_CHARS) : text;
    }

    /** HTML's visible text, roughly: enough for a preview (never shown as markup). */
    static String textOf(String html) {
        String text = INVISIBLE.matcher(html).replaceAll(" ");
        text = QUOTED_HTML.matcher(text).replaceAll("\n");
        text = BLOCK_END.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll(" ");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
