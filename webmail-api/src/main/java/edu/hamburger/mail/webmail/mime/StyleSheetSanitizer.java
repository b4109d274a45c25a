package edu.hamburger.mail.webmail.mime;

import java.util.regex.Pattern;

/**
 * Keeps the layout of a received message's own style sheet (a newsletter's {@code <style>}):
 * style rules whose selectors are plain characters (no escape, markup or at-sign) and
 * {@code @media} blocks of such rules, each declaration through the same allow-list as inline
 * styles ({@link HtmlSanitizer#cleanStyle}: no {@code url()}, {@code @import}, escapes, position).
 * Every other at-rule ({@code @import}, {@code @font-face}, {@code @keyframes}, ...), nesting
 * deeper than one {@code @media}, and a sheet past the size limit are dropped. The sheet is served
 * inside the message's own frame document, so it styles nothing else.
 */
final class StyleSheetSanitizer {

    /** Characters of the sheet kept at most. */
    static final int MAX_LENGTH = 100_000;
    /** Nesting kept: rules inside @media, not deeper. */
    private static final int MAX_DEPTH = 1;
    private static final Pattern PLAIN_SELECTOR = Pattern.compile("[\\w\\s.#:,>+~*\\[\\]=\"'()-]{1,400}");
    private static final Pattern MEDIA_QUERY = Pattern.compile("@media[\\w\\s():,.-]{1,200}", Pattern.CASE_INSENSITIVE);

    private StyleSheetSanitizer() {
    }

    static String sanitize(String sheet) {
        if (sheet == null || sheet.isBlank()) {
            return "";
        }
        // comments could split a word the checks look for
        String text = sheet.replaceAll("(?s)/\\*.*?\\*/", " ");
        StringBuilder kept = new StringBuilder();
        rules(text, 0, kept);
        return kept.length() > MAX_LENGTH ? "" : kept.toString();
    }

    private static void rules(String text, int depth, StringBuilder out) {
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf('{', at);
            if (open < 0) {
                return;
            }
            int close = matching(text, open);
            if (close < 0) {
                return; // unbalanced: the rest is not a rule
            }
            String prelude = text.substring(at, open).trim();
            String block = text.substring(open + 1, close);
            at = close + 1;
            int semicolon = prelude.lastIndexOf(';'); // a stray statement before the rule (@charset "x";)
            if (semicolon >= 0) {
                prelude = prelude.substring(semicolon + 1).trim();
            }
            if (prelude.startsWith("@")) {
                if (depth < MAX_DEPTH && MEDIA_QUERY.matcher(prelude).matches()) {
                    StringBuilder inner = new StringBuilder();
                    rules(block, depth + 1, inner);
                    if (inner.length() > 0) {
                        out.append(prelude).append(" {").append(inner).append("}\n");
                    }
                }
                continue;
            }
            // selectors and media queries are held to plain characters (no escape, markup or at-sign);
            // declarations go through the inline-style allow-list, which refuses url(), @import and the rest
            if (!PLAIN_SELECTOR.matcher(prelude).matches() || block.contains("{")) {
                continue;
            }
            String declarations = HtmlSanitizer.cleanStyle(block);
            if (!declarations.isEmpty()) {
                out.append(prelude).append(" { ").append(declarations).append(" }\n");
            }
            if (out.length() > MAX_LENGTH) {
                return;
            }
        }
    }

    /** The index of the brace closing the one at {@code open}, or -1. */
    private static int matching(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
