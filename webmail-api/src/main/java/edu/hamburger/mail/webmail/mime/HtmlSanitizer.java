package edu.hamburger.mail.webmail.mime;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Makes received HTML safe to show: jsoup's allow-list {@link Cleaner} keeps only known
 * formatting elements and attributes (no script, style element, form, iframe, object, SVG, event
 * handler, or URL outside http, https, mailto and cid), then inline styles are cut down to plain
 * formatting properties with no URL in them, links open in a new tab without a referrer, remote
 * images are dropped unless the user asked for them, and {@code cid:} images point at the
 * message's own parts. The result is still shown in a sandboxed frame under a CSP that forbids
 * scripts: three locks, any one of which stops a script.
 */
public final class HtmlSanitizer {

    /** Inline style properties kept; anything else (position, behavior, -moz-binding, ...) is dropped. */
    private static final Set<String> STYLE_PROPERTIES = Set.of(
            "color", "background-color", "font", "font-family", "font-size", "font-style", "font-weight", "font-variant",
            "text-align", "text-decoration", "text-indent", "text-transform", "line-height", "letter-spacing", "word-spacing",
            "white-space", "vertical-align", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
            "padding", "padding-top", "padding-right", "padding-bottom", "padding-left", "border", "border-top",
            "border-right", "border-bottom", "border-left", "border-color", "border-style", "border-width",
            "border-collapse", "border-spacing", "border-radius", "width", "height", "max-width", "min-width",
            "list-style-type", "direction", "display");
    /** A value with any of these could load, run or hide something. */
    private static final Pattern DANGEROUS_STYLE_VALUE = Pattern.compile(
            "url\\s*\\(|expression|javascript|vbscript|@import|\\\\|/\\*|<|behavior|binding|image-set|image\\(",
            Pattern.CASE_INSENSITIVE);

    private final Safelist safelist = Safelist.relaxed()
            .addTags("center", "font", "hr", "span", "div", "small", "big", "s", "strike", "tt", "abbr", "address")
            .addAttributes(":all", "style", "dir", "lang", "title", "align", "class")
            .addAttributes("table", "border", "cellpadding", "cellspacing", "bgcolor", "width", "height")
            .addAttributes("td", "bgcolor", "valign", "width", "height", "nowrap")
            .addAttributes("th", "bgcolor", "valign", "width", "height", "nowrap")
            .addAttributes("tr", "bgcolor", "valign")
            .addAttributes("font", "color", "face", "size")
            .addAttributes("img", "border")
            .removeProtocols("img", "src", "http", "https")
            .addProtocols("img", "src", "http", "https", "cid", "data")
            .addProtocols("a", "href", "http", "https", "mailto");

    /**
     * What cleaning found and kept: the body, and the message's own style sheet (its
     * {@code <style>} elements, cleaned by {@link StyleSheetSanitizer}) for the frame's head.
     */
    public record Result(String html, String styles, int remoteImagesBlocked) {
    }

    /**
     * @param partUrl     the URL of the part with a Content-ID ("cid:..."), or null when it has none
     * @param allowRemote keep {@code http(s)} images (the user asked to see them)
     */
    public Result sanitize(String html, Function<String, String> partUrl, boolean allowRemote) {
        Document dirty = Jsoup.parse(html == null ? "" : html);
        StringBuilder sheet = new StringBuilder();
        for (Element style : dirty.select("style")) {
            sheet.append(style.data()).append('\n');
        }
        String styles = StyleSheetSanitizer.sanitize(sheet.toString());
        Document clean = new Cleaner(safelist).clean(dirty);
        int blocked = 0;
        for (Element img : clean.select("img")) {
            String src = img.attr("src").trim();
            String lower = src.toLowerCase(Locale.ROOT);
            if (lower.startsWith("cid:")) {
                String url = partUrl.apply(src.substring(4));
                if (url == null) {
                    img.removeAttr("src");
                } else {
                    img.attr("src", url);
                }
            } else if (lower.startsWith("data:")) {
                if (!lower.matches("data:image/(png|gif|jpeg|webp);base64,[a-z0-9+/=\\s]*")) {
                    img.removeAttr("src");
                }
            } else if (!allowRemote && (lower.startsWith("http:") || lower.startsWith("https:"))) {
                img.removeAttr("src");
                img.attr("data-blocked", "remote");
                blocked++;
            }
        }
        for (Element link : clean.select("a[href]")) {
            link.attr("target", "_blank");
            link.attr("rel", "noopener noreferrer nofollow");
        }
        for (Element styled : clean.select("[style]")) {
            String style = cleanStyle(styled.attr("style"));
            if (style.isEmpty()) {
                styled.removeAttr("style");
            } else {
                styled.attr("style", style);
            }
        }
        clean.outputSettings().prettyPrint(false);
        return new Result(clean.body().html(), styles, blocked);
    }

    static String cleanStyle(String style) {
        StringBuilder kept = new StringBuilder();
        for (String declaration : style.split(";")) {
            int colon = declaration.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String property = declaration.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = declaration.substring(colon + 1).trim();
            if (!STYLE_PROPERTIES.contains(property) || DANGEROUS_STYLE_VALUE.matcher(value).find()) {
                continue;
            }
            if (property.equals("display") && !value.matches("(?i)block|inline|inline-block|table|table-cell|table-row|list-item")) {
                continue; // display:none hides phishing text from the reader but not from a filter
            }
            if (kept.length() > 0) {
                kept.append("; ");
            }
            kept.append(property).append(": ").append(value);
        }
        return kept.toString();
    }
}
