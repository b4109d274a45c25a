package edu.hamburger.mail.auth.dkim;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed DKIM-Signature field (RFC 6376 §3.5). {@link #parse} checks what makes a signature
 * unusable (PERMFAIL in §6.1.1) and throws {@link TagList.MalformedTagList} with the reason.
 *
 * @param headers   h=, lower-cased, in order
 * @param bodyLength l=, or -1 when the whole body is signed
 * @param timestamp t=, or -1; {@code expiry} x=, or -1
 */
public record DkimSignature(DkimAlgorithm algorithm, String rawAlgorithm, String domain, String selector,
                            String identity, Canonicalization headerCanon, Canonicalization bodyCanon,
                            List<String> headers, byte[] bodyHash, byte[] signature, long bodyLength,
                            long timestamp, long expiry) {

    public static DkimSignature parse(String value) {
        Map<String, String> tags = TagList.parse(value);
        for (String required : List.of("v", "a", "b", "bh", "d", "h", "s")) {
            if (!tags.containsKey(required)) {
                throw new TagList.MalformedTagList("signature lacks " + required + "=");
            }
        }
        if (!tags.get("v").equals("1")) {
            throw new TagList.MalformedTagList("unknown version v=" + tags.get("v"));
        }
        String rawAlgorithm = tags.get("a").toLowerCase(Locale.ROOT);
        String domain = tags.get("d").toLowerCase(Locale.ROOT);
        String identity = tags.getOrDefault("i", "@" + domain);
        int at = identity.lastIndexOf('@');
        String identityDomain = at < 0 ? "" : identity.substring(at + 1).toLowerCase(Locale.ROOT);
        if (at < 0 || !(identityDomain.equals(domain) || identityDomain.endsWith("." + domain))) {
            throw new TagList.MalformedTagList("i= is not in d=" + domain); // §3.5, a PERMFAIL
        }
        List<String> headers = TagList.items(tags.get("h"));
        if (!headers.contains("from")) {
            throw new TagList.MalformedTagList("h= does not sign From"); // §5.4: From MUST be signed
        }
        String canon = tags.getOrDefault("c", "simple/simple");
        int slash = canon.indexOf('/');
        Canonicalization header = Canonicalization.of(slash < 0 ? canon : canon.substring(0, slash));
        Canonicalization body = slash < 0 ? Canonicalization.SIMPLE : Canonicalization.of(canon.substring(slash + 1));
        if (tags.containsKey("q") && !TagList.items(tags.get("q")).contains("dns/txt")) {
            throw new TagList.MalformedTagList("unknown query method q=" + tags.get("q"));
        }
        return new DkimSignature(DkimAlgorithm.ofTag(rawAlgorithm), rawAlgorithm, domain,
                tags.get("s").toLowerCase(Locale.ROOT), identity, header, body, headers,
                base64(tags.get("bh"), "bh"), base64(tags.get("b"), "b"),
                number(tags.get("l"), "l"), number(tags.get("t"), "t"), number(tags.get("x"), "x"));
    }

    /** The name of the key record: {@code <selector>._domainkey.<domain>}. */
    public String keyName() {
        return selector + "._domainkey." + domain;
    }

    private static byte[] base64(String value, String tag) {
        try {
            return Base64.getDecoder().decode(TagList.compact(value));
        } catch (IllegalArgumentException e) {
            throw new TagList.MalformedTagList(tag + "= is not base64");
        }
    }

    private static long number(String value, String tag) {
        if (value == null) {
            return -1;
        }
        if (!value.matches("[0-9]{1,12}")) {
            throw new TagList.MalformedTagList(tag + "= is not a number");
        }
        return Long.parseLong(value);
    }
}
