package edu.hamburger.mail.webmail.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Content-Disposition of a download (RFC 6266): an ASCII fallback name for old clients and
 * the real name as RFC 8187 {@code filename*=UTF-8''...}, so "보고서.pdf" arrives as itself and
 * no name can break out of the header (quotes, CR/LF and path separators never pass).
 */
public final class ContentDisposition {

    private ContentDisposition() {
    }

    public static String attachment(String filename) {
        return of("attachment", filename);
    }

    public static String inline(String filename) {
        return of("inline", filename);
    }

    static String of(String type, String filename) {
        String name = filename == null || filename.isBlank() ? "attachment" : filename.replaceAll(".*[/\\\\]", "");
        name = name.replaceAll("\\p{Cntrl}", "");
        String fallback = name.replaceAll("[^\\x20-\\x7e]", "_").replace('"', '_').replace('\\', '_');
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return type + "; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
    }
}
