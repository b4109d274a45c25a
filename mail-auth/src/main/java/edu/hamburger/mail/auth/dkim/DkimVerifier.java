package edu.hamburger.mail.auth.dkim;

import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies every DKIM-Signature of a message (RFC 6376 §6), up to {@link #MAX_SIGNATURES}. A
 * signature with l= that leaves part of the body unsigned is reported as {@code policy}, not
 * {@code pass}: anyone could have appended the rest (a phishing link below a genuine newsletter).
 * Blocking (DNS and RSA): callers run it on a worker thread.
 */
public final class DkimVerifier {

    /** More signatures than this are not looked at: each costs a DNS query and a verification. */
    public static final int MAX_SIGNATURES = 8;

    private final DnsResolver dns;
    private final Clock clock;

    public DkimVerifier(DnsResolver dns, Clock clock) {
        this.dns = dns;
        this.clock = clock;
    }

    public List<DkimResult> verify(byte[] message) {
        return verify(message, HeaderSection.parse(message, 0, message.length));
    }

    /** @param header the message's header, parsed once by the caller for all its checks */
    public List<DkimResult> verify(byte[] message, HeaderSection header) {
        List<DkimResult> results = new ArrayList<>();
        Map<String, byte[]> bodyHashes = new HashMap<>();
        Map<String, Long> bodyLengths = new HashMap<>();
        for (HeaderField field : header.fields()) {
            if (field.is("DKIM-Signature") && results.size() < MAX_SIGNATURES) {
                results.add(verifyOne(message, header, field, bodyHashes, bodyLengths));
            }
        }
        return results;
    }

    private DkimResult verifyOne(byte[] message, HeaderSection header, HeaderField field,
                                 Map<String, byte[]> bodyHashes, Map<String, Long> bodyLengths) {
        DkimSignature sig;
        try {
            sig = DkimSignature.parse(field.value());
        } catch (TagList.MalformedTagList e) {
            return new DkimResult(DkimResult.Result.PERMERROR, domainOf(field.value()), null, null, null, null, "bad signature: " + e.getMessage());
        }
        String b = Base64.getEncoder().encodeToString(sig.signature());
        String headerB = b.substring(0, Math.min(8, b.length()));
        if (sig.algorithm() == null) {
            return result(sig, headerB, DkimResult.Result.PERMERROR, "unsupported algorithm " + sig.rawAlgorithm());
        }
        if (sig.expiry() >= 0 && sig.expiry() < clock.instant().getEpochSecond()) {
            return result(sig, headerB, DkimResult.Result.PERMERROR, "signature expired");
        }
        KeyLookup lookup = key(sig);
        if (lookup.failure() != null) {
            return result(sig, headerB, lookup.failure(), lookup.reason());
        }
        PublicKey publicKey = lookup.key();
        String bodyKey = sig.bodyCanon() + "/" + sig.bodyLength();
        byte[] bodyHash = bodyHashes.computeIfAbsent(bodyKey, k -> {
            MessageDigest digest = DkimAlgorithm.sha256();
            bodyLengths.put(k, sig.bodyCanon().body(message, header.bodyStart(), message.length, digest, sig.bodyLength()));
            return digest.digest();
        });
        if (!MessageDigest.isEqual(bodyHash, sig.bodyHash())) {
            return result(sig, headerB, DkimResult.Result.FAIL, "body hash did not verify");
        }
        String unsignedField = withoutSignatureValue(Canonicalization.latin1(message, field.start(), field.end()));
        byte[] data = DkimSigner.headerData(message, withoutField(header, field), sig.headers(), unsignedField, sig.headerCanon());
        if (!sig.algorithm().verify(publicKey, data, sig.signature())) {
            return result(sig, headerB, DkimResult.Result.FAIL, "signature did not verify");
        }
        long length = bodyLengths.get(bodyKey);
        if (sig.bodyLength() >= 0 && length > sig.bodyLength()) {
            return result(sig, headerB, DkimResult.Result.POLICY,
                    "l=" + sig.bodyLength() + " signs only part of a " + length + "-octet body");
        }
        return result(sig, headerB, DkimResult.Result.PASS, null);
    }

    /** A signature's public key from DNS, or why there is none (temperror or permerror, RFC 6376 §6.1.2). */
    record KeyLookup(PublicKey key, DkimResult.Result failure, String reason) {
    }

    KeyLookup key(DkimSignature sig) {
        DnsAnswer answer = dns.lookup(sig.keyName(), DnsType.TXT);
        if (answer.status() == DnsAnswer.Status.TEMPORARY_ERROR) {
            return new KeyLookup(null, DkimResult.Result.TEMPERROR, "key lookup failed: " + answer.detail());
        }
        if (answer.isVoid()) {
            return new KeyLookup(null, DkimResult.Result.PERMERROR, "no key at " + sig.keyName());
        }
        DkimKeyRecord record;
        try {
            record = DkimKeyRecord.parse(answer.records().get(0));
        } catch (TagList.MalformedTagList e) {
            return new KeyLookup(null, DkimResult.Result.PERMERROR, "bad key record: " + e.getMessage());
        }
        String problem = keyProblem(sig, record);
        if (problem != null) {
            return new KeyLookup(null, DkimResult.Result.PERMERROR, problem);
        }
        try {
            return new KeyLookup(sig.algorithm().publicKeyFromDns(record.publicKey()), null, null);
        } catch (GeneralSecurityException e) {
            return new KeyLookup(null, DkimResult.Result.PERMERROR, "unusable key: " + e.getMessage());
        }
    }

    private static String keyProblem(DkimSignature sig, DkimKeyRecord key) {
        if (key.revoked()) {
            return "key revoked (empty p=)";
        }
        if (!key.keyType().equals(sig.algorithm().keyType())) {
            return "key type " + key.keyType() + " does not match a=" + sig.rawAlgorithm();
        }
        if (!key.hashes().isEmpty() && !key.hashes().contains("sha256")) {
            return "key does not allow sha256";
        }
        if (!key.forEmail()) {
            return "key is not for email (s=)";
        }
        if (key.strictIdentity()) {
            String identity = sig.identity();
            if (!identity.substring(identity.lastIndexOf('@') + 1).equalsIgnoreCase(sig.domain())) {
                return "key has t=s and i= is a subdomain";
            }
        }
        return null;
    }

    /** The header without the signature field being verified: its own h= never selects itself. */
    private static HeaderSection withoutField(HeaderSection header, HeaderField field) {
        List<HeaderField> others = new ArrayList<>(header.fields());
        others.remove(field);
        return new HeaderSection(others, header.headerStart(), header.bodyStart(), header.malformedLines());
    }

    /** The field as signed: the value of its b= tag removed, everything else as it came (§3.7). */
    static String withoutSignatureValue(String raw) {
        int colon = raw.indexOf(':');
        int pos = colon + 1;
        while (pos <= raw.length()) {
            int end = raw.indexOf(';', pos);
            if (end < 0) {
                end = raw.length();
            }
            String spec = raw.substring(pos, end);
            int equals = spec.indexOf('=');
            if (equals > 0 && spec.substring(0, equals).strip().equals("b")) {
                String kept = raw.substring(0, pos + equals + 1) + raw.substring(end);
                return kept.endsWith("\r\n") ? kept.substring(0, kept.length() - 2) : kept;
            }
            pos = end + 1;
        }
        return raw;
    }

    private static DkimResult result(DkimSignature sig, String headerB, DkimResult.Result result, String reason) {
        return new DkimResult(result, sig.domain(), sig.selector(), sig.rawAlgorithm(), headerB, sig.identity(), reason);
    }

    private static String domainOf(String value) {
        try {
            return TagList.parse(value).get("d");
        } catch (TagList.MalformedTagList e) {
            return null;
        }
    }
}
