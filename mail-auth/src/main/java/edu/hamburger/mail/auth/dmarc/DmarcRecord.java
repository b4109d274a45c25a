package edu.hamburger.mail.auth.dmarc;

import edu.hamburger.mail.auth.dkim.TagList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A DMARC policy record (RFC 7489 §6.3). Unknown tags are ignored; a bad p= makes the record
 * unusable, bad optional tags fall back to their defaults (§6.6.3).
 *
 * @param percent pct=, 0 to 100
 * @param aggregateReports rua= URIs, mailto: only
 */
public record DmarcRecord(Policy policy, Policy subdomainPolicy, boolean strictDkim, boolean strictSpf,
                          int percent, List<String> aggregateReports) {

    public enum Policy {
        NONE, QUARANTINE, REJECT;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Policy of(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "quarantine" -> QUARANTINE;
                case "reject" -> REJECT;
                default -> null;
            };
        }
    }

    /** Null if the text is not a DMARC record at all (wrong or missing v=DMARC1 first, or no valid p=). */
    public static DmarcRecord parse(String text) {
        if (!text.strip().startsWith("v=DMARC1")) {
            return null;
        }
        Map<String, String> tags;
        try {
            tags = TagList.parse(text);
        } catch (TagList.MalformedTagList e) {
            return null;
        }
        if (!"DMARC1".equals(tags.get("v")) || tags.get("p") == null || Policy.of(tags.get("p")) == null) {
            return null;
        }
        Policy policy = Policy.of(tags.get("p"));
        Policy subdomain = tags.containsKey("sp") && Policy.of(tags.get("sp")) != null ? Policy.of(tags.get("sp")) : policy;
        int percent = 100;
        if (tags.containsKey("pct") && tags.get("pct").matches("[0-9]{1,3}")) {
            percent = Math.min(100, Integer.parseInt(tags.get("pct")));
        }
        List<String> rua = new ArrayList<>();
        if (tags.containsKey("rua")) {
            for (String uri : tags.get("rua").split(",")) {
                String u = uri.strip();
                if (u.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                    rua.add(u);
                }
            }
        }
        return new DmarcRecord(policy, subdomain, "s".equalsIgnoreCase(tags.get("adkim")),
                "s".equalsIgnoreCase(tags.get("aspf")), percent, List.copyOf(rua));
    }
}
