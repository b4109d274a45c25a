package edu.hamburger.mail.auth.dkim;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A DKIM key record from DNS (RFC 6376 §3.6.1): its key type, hash algorithms it allows, service
 * types and flags, and the public key octets (empty: the key was revoked).
 */
public record DkimKeyRecord(String keyType, List<String> hashes, List<String> services, List<String> flags, byte[] publicKey) {

    public static DkimKeyRecord parse(String text) {
        Map<String, String> tags = TagList.parse(text);
        if (tags.containsKey("v") && !tags.get("v").equals("DKIM1")) {
            throw new TagList.MalformedTagList("key record version v=" + tags.get("v"));
        }
        String p = tags.get("p");
        if (p == null) {
            throw new TagList.MalformedTagList("key record without p=");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(TagList.compact(p));
        } catch (IllegalArgumentException e) {
            throw new TagList.MalformedTagList("p= is not base64");
        }
        return new DkimKeyRecord(tags.getOrDefault("k", "rsa").toLowerCase(java.util.Locale.ROOT),
                tags.containsKey("h") ? TagList.items(tags.get("h")) : List.of(),
                TagList.items(tags.getOrDefault("s", "*")),
                tags.containsKey("t") ? TagList.items(tags.get("t")) : List.of(), key);
    }

    public boolean revoked() {
        return publicKey.length == 0;
    }

    /** t=s: the i= domain must be d= itself, not a subdomain. */
    public boolean strictIdentity() {
        return flags.contains("s");
    }

    public boolean forEmail() {
        return services.contains("*") || services.contains("email");
    }
}
