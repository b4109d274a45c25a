package edu.hamburger.mail.auth.dkim;

import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Signs a message with one DKIM-Signature per key (RFC 6376 §5), relaxed/relaxed. The fields a
 * reader sees and trusts are signed, and the most important are oversigned (named once more than
 * they occur), so nobody can add a second From or Subject below the signature without breaking
 * it. Stateless and thread-safe.
 */
public final class DkimSigner {

    /** A private key and where its public half is published. */
    public record SigningKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey key) {
    }

    /** Signed when present, in this order (what OpenDKIM, rspamd and mox sign, less the trace fields). */
    static final List<String> SIGNED = List.of("from", "sender", "reply-to", "subject", "date", "message-id", "to", "cc",
            "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
            "list-id", "list-help", "list-unsubscribe", "list-unsubscribe-post", "list-subscribe", "list-post",
            "list-owner", "list-archive", "resent-date", "resent-from", "resent-to", "resent-cc", "resent-message-id",
            "auto-submitted", "feedback-id");

    /** Also signed once more than present: adding one of these after signing breaks the signature. */
    static final Set<String> OVERSIGNED = Set.of("from", "sender", "reply-to", "subject", "date", "message-id", "to", "cc",
            "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
            "list-id", "list-unsubscribe", "list-unsubscribe-post");

    private static final int LINE = 76;

    private final boolean timestamp;
    private final Duration expiry;

    /**
     * @param timestamp whether to write t=
     * @param expiry    x= that long after signing, or null for none
     */
    public DkimSigner(boolean timestamp, Duration expiry) {
        this.timestamp = timestamp;
        this.expiry = expiry;
    }

    /** The message with the signature fields in front, in the order of {@code keys}; unchanged if there are none. */
    public byte[] sign(byte[] message, List<SigningKey> keys, Instant now) {
        return sign(message, HeaderSection.parse(message, 0, message.length), keys, now);
    }

    /** @param header the message's header, when the caller has parsed it already */
    public byte[] sign(byte[] message, HeaderSection header, List<SigningKey> keys, Instant now) {
        if (keys.isEmpty()) {
            return message;
        }
        MessageDigest body = DkimAlgorithm.sha256();
        Canonicalization.RELAXED.body(message, header.bodyStart(), message.length, body, -1);
        String bodyHash = Base64.getEncoder().encodeToString(body.digest());
        List<String> names = signedNames(header);
        ByteArrayOutputStream signed = new ByteArrayOutputStream(message.length + 1024 * keys.size());
        for (SigningKey key : keys) {
            signed.writeBytes(field(message, header, names, bodyHash, key, now).getBytes(StandardCharsets.ISO_8859_1));
        }
        signed.writeBytes(message);
        return signed.toByteArray();
    }

    /** The h= list: each signed field as often as it occurs, oversigned ones once more. */
    static List<String> signedNames(HeaderSection header) {
        List<String> names = new ArrayList<>();
        for (String name : SIGNED) {
            long present = header.fields().stream().filter(f -> f.is(name)).count();
            for (long i = 0; i < present + (OVERSIGNED.contains(name) ? 1 : 0); i++) {
                names.add(name);
            }
        }
        return names;
    }

    private String field(byte[] message, HeaderSection header, List<String> names, String bodyHash, SigningKey key, Instant now) {
        StringBuilder tags = new StringBuilder("DKIM-Signature: v=1; a=").append(key.algorithm().tag())
                .append("; c=relaxed/relaxed; d=").append(key.domain().toLowerCase(Locale.ROOT))
                .append("; s=").append(key.selector()).append(";");
        List<String> parts = new ArrayList<>();
        if (timestamp) {
            parts.add("t=" + now.getEpochSecond() + ";");
        }
        if (expiry != null) {
            parts.add("x=" + now.plus(expiry).getEpochSecond() + ";");
        }
        parts.add("h=" + String.join(":", names) + ";");
        parts.add("bh=" + bodyHash + ";");
        parts.add("b=");
        String unsigned = fold(tags, parts);
        byte[] data = headerData(message, header, names, unsigned, Canonicalization.RELAXED);
        String b = Base64.getEncoder().encodeToString(key.algorithm().sign(key.key(), data));
        return unsigned + foldValue(b, unsigned.length() - unsigned.lastIndexOf('\n') - 1) + "\r\n";
    }

    /**
     * What is hashed: the named fields, each the last not yet used occurrence from the bottom
     * (§5.4.2), then the signature field itself with an empty b= and no final line break.
     */
    static byte[] headerData(byte[] message, HeaderSection header, List<String> names, String signatureField, Canonicalization canon) {
        List<HeaderField> fields = header.fields();
        boolean[] used = new boolean[fields.size()];
        StringBuilder data = new StringBuilder();
        for (String name : names) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (!used[i] && fields.get(i).is(name)) {
                    used[i] = true;
                    HeaderField field = fields.get(i);
                    data.append(canon.header(Canonicalization.latin1(message, field.start(), field.end())));
                    break;
                }
            }
        }
        String own = canon.header(signatureField);
        data.append(own, 0, own.length() - 2);
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Tags on lines of at most {@value #LINE} characters; h= broken after a colon when long. */
    static String fold(StringBuilder first, List<String> parts) {
        StringBuilder out = new StringBuilder(first);
        int column = out.length();
        for (String part : parts) {
            if (column + 1 + part.length() > LINE) {
                out.append("\r\n\t");
                column = 8;
                if (part.startsWith("h=") && part.length() > LINE - 8) {
                    for (String piece : part.split("(?<=:)")) {
                        if (column + piece.length() > LINE) {
                            out.append("\r\n\t");
                            column = 8;
                        }
                        out.append(piece);
                        column += piece.length();
                    }
                    continue;
                }
            } else {
                out.append(' ');
                column++;
            }
            out.append(part);
            column += part.length();
        }
        return out.toString();
    }

    static String foldValue(String value, int column) {
        StringBuilder out = new StringBuilder();
        int room = Math.max(8, LINE - column);
        int pos = 0;
        while (pos < value.length()) {
            int take = Math.min(room, value.length() - pos);
            out.append(value, pos, pos + take);
            pos += take;
            if (pos < value.length()) {
                out.append("\r\n\t");
                room = LINE - 8;
            }
        }
        return out.toString();
    }
}
