package edu.hamburger.mail.auth.dkim;

import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates a message's ARC chain (RFC 8617 §5.2): the sets ARC-Authentication-Results,
 * ARC-Message-Signature and ARC-Seal of instances 1..N, complete and without gaps; every seal's
 * cv= as the chain requires (none for the first, pass after it, never fail); the newest message
 * signature verifying over the message as it is; and every seal verifying over the ARC fields
 * up to its own instance. The signatures are DKIM's (same keys in DNS, same algorithms), so this
 * lives beside {@link DkimVerifier} and uses its key lookup. Blocking: run on a worker thread.
 */
public final class ArcVerifier {

    /** RFC 8617 §4.2.1: at most 50 sets. */
    public static final int MAX_INSTANCES = 50;

    /** The chain's state for Authentication-Results: {@code arc=none|pass|fail}. */
    public record ArcResult(Result result, int instances, String reason) {
        public enum Result {
            NONE, PASS, FAIL;

            public String keyword() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    private final DkimVerifier keys;

    public ArcVerifier(DkimVerifier keys) {
        this.keys = keys;
    }

    public ArcResult verify(byte[] message) {
        return verify(message, HeaderSection.parse(message, 0, message.length));
    }

    /** @param header the message's header, parsed once by the caller for all its checks */
    public ArcResult verify(byte[] message, HeaderSection header) {
        ArcSets sets;
        try {
            sets = ArcSets.of(header);
        } catch (IllegalArgumentException e) {
            return fail(0, e.getMessage());
        }
        if (sets.isEmpty()) {
            return new ArcResult(ArcResult.Result.NONE, 0, null);
        }
        TreeMap<Integer, HeaderField> seals = sets.seals();
        TreeMap<Integer, HeaderField> signatures = sets.signatures();
        TreeMap<Integer, HeaderField> results = sets.results();
        int newest = sets.newest();
        if (newest > MAX_INSTANCES) {
            return fail(newest, "more than " + MAX_INSTANCES + " ARC sets");
        }
        for (int i = 1; i <= newest; i++) {
            if (!seals.containsKey(i) || !signatures.containsKey(i) || !results.containsKey(i)) {
                return fail(newest, "ARC set " + i + " is incomplete or missing");
            }
        }
        List<Map<String, String>> sealTags = new ArrayList<>();
        for (int i = 1; i <= newest; i++) {
            Map<String, String> tags;
            try {
                tags = TagList.parse(seals.get(i).value());
            } catch (TagList.MalformedTagList e) {
                return fail(newest, "ARC-Seal i=" + i + ": " + e.getMessage());
            }
            String cv = tags.getOrDefault("cv", "");
            if (cv.equals("fail")) {
                return fail(newest, "ARC-Seal i=" + i + " says the chain had already failed");
            }
            if (!cv.equals(i == 1 ? "none" : "pass")) {
                return fail(newest, "ARC-Seal i=" + i + " has cv=" + cv);
            }
            sealTags.add(tags);
        }
        String messageSignature = verifyMessageSignature(message, header, signatures.get(newest));
        if (messageSignature != null) {
            return fail(newest, "ARC-Message-Signature i=" + newest + ": " + messageSignature);
        }
        for (int i = newest; i >= 1; i--) {
            String seal = verifySeal(message, i, sealTags.get(i - 1), sets);
            if (seal != null) {
                return fail(newest, "ARC-Seal i=" + i + ": " + seal);
            }
        }
        return new ArcResult(ArcResult.Result.PASS, newest, null);
    }

    /** The newest ARC-Message-Signature, checked as a DKIM signature would be; null when it verifies. */
    private String verifyMessageSignature(byte[] message, HeaderSection header, HeaderField field) {
        DkimSignature sig;
        try {
            Map<String, String> tags = TagList.parse(field.value());
            for (String required : List.of("a", "b", "bh", "d", "h", "s")) {
                if (!tags.containsKey(required)) {
                    return "lacks " + required + "=";
                }
            }
            List<String> signed = TagList.items(tags.get("h"));
            if (signed.contains("arc-seal")) {
                return "signs ARC-Seal, which RFC 8617 §4.1.2 forbids";
            }
            sig = signature(tags, signed);
        } catch (IllegalArgumentException e) { // a MalformedTagList, bad base64 or canonicalization
            return e.getMessage();
        }
        if (sig.algorithm() == null) {
            return "unsupported algorithm " + sig.rawAlgorithm();
        }
        DkimVerifier.KeyLookup key = keys.key(sig);
        if (key.failure() != null) {
            return key.reason();
        }
        MessageDigest body = DkimAlgorithm.sha256();
        sig.bodyCanon().body(message, header.bodyStart(), message.length, body, sig.bodyLength());
        if (!MessageDigest.isEqual(body.digest(), sig.bodyHash())) {
            return "body hash did not verify";
        }
        List<HeaderField> others = new ArrayList<>(header.fields());
        others.remove(field);
        HeaderSection withoutItself = new HeaderSection(others, header.headerStart(), header.bodyStart(), header.malformedLines());
        String unsigned = DkimVerifier.withoutSignatureValue(Canonicalization.latin1(message, field.start(), field.end()));
        byte[] data = DkimSigner.headerData(message, withoutItself, sig.headers(), unsigned, sig.headerCanon());
        return sig.algorithm().verify(key.key(), data, sig.signature()) ? null : "signature did not verify";
    }

    /**
     * Seal i signs, in relaxed form, the ARC fields of sets 1..i in order (results, message
     * signature, seal), its own with an empty b= and no final line break (RFC 8617 §5.1.1).
     */
    private String verifySeal(byte[] message, int instance, Map<String, String> tags, ArcSets sets) {
        for (String required : List.of("a", "b", "d", "s")) {
            if (!tags.containsKey(required)) {
                return "lacks " + required + "=";
            }
        }
        if (tags.containsKey("h")) {
            return "has h=, which a seal must not";
        }
        DkimSignature sig;
        try {
            sig = signature(tags, List.of());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (sig.algorithm() == null) {
            return "unsupported algorithm " + sig.rawAlgorithm();
        }
        StringBuilder data = new StringBuilder(sets.sealedData(message, instance));
        HeaderField own = sets.seals().get(instance);
        String unsigned = Canonicalization.RELAXED.header(
                DkimVerifier.withoutSignatureValue(Canonicalization.latin1(message, own.start(), own.end())));
        data.append(unsigned, 0, unsigned.length() - 2);
        DkimVerifier.KeyLookup key = keys.key(sig);
        if (key.failure() != null) {
            return key.reason();
        }
        byte[] bytes = data.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return sig.algorithm().verify(key.key(), bytes, sig.signature()) ? null : "signature did not verify";
    }

    /** An ARC signature as the DKIM machinery reads it (its i= is the instance, not an identity). */
    private static DkimSignature signature(Map<String, String> tags, List<String> headers) {
        String raw = tags.get("a").toLowerCase(Locale.ROOT);
        String domain = tags.get("d").toLowerCase(Locale.ROOT);
        String canon = tags.getOrDefault("c", "relaxed/relaxed");
        int slash = canon.indexOf('/');
        Canonicalization headerCanon = Canonicalization.of(slash < 0 ? canon : canon.substring(0, slash));
        Canonicalization bodyCanon = slash < 0 ? Canonicalization.SIMPLE : Canonicalization.of(canon.substring(slash + 1));
        byte[] bodyHash = tags.containsKey("bh") ? Base64.getDecoder().decode(TagList.compact(tags.get("bh"))) : new byte[0];
        return new DkimSignature(DkimAlgorithm.ofTag(raw), raw, domain, tags.get("s").toLowerCase(Locale.ROOT), "@" + domain,
                headerCanon, bodyCanon, headers, bodyHash, Base64.getDecoder().decode(TagList.compact(tags.get("b"))),
                -1, -1, -1);
    }

    private static ArcResult fail(int instances, String reason) {
        return new ArcResult(ArcResult.Result.FAIL, instances, reason);
    }
}
