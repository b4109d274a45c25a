package edu.hamburger.mail.core.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What makes a message "the same one again" when a client re-sends it because the 250 after its
 * data never arrived (the connection broke, the gateway was killed after Kafka acknowledged the
 * record): the same Message-ID, from the same reverse-path, to the same recipients (in any order),
 * with the same octets. All four must match, so different bodies or recipients are never taken
 * for a re-send. A message without its own Message-ID gets no digest: one added by the gateway
 * differs between the two tries.
 *
 * <p>The gateway writes the digest into the record ({@code mail-resend-digest}); mailbox-service
 * remembers the first queue id per digest and files a later queue id with the same digest once
 * only (docs/smtp-gateway.md, "Re-sends after a lost reply").
 */
public final class ResendDigest {

    private ResendDigest() {
    }

    /**
     * The digest, hex SHA-256, or null when the message has no Message-ID.
     *
     * @param messageId   the Message-ID field's value as the client wrote it, or null
     * @param reversePath MAIL FROM in wire form
     * @param recipients  the accepted RCPT TO addresses
     * @param content     the octets the client sent, before the gateway added anything
     */
    public static String of(String messageId, String reversePath, List<String> recipients, byte[] content) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        MessageDigest digest = sha256();
        digest.update("resend-v1\n".getBytes(StandardCharsets.US_ASCII));
        digest.update(messageId.trim().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        digest.update(reversePath.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        recipients.stream().map(r -> r.toLowerCase(Locale.ROOT)).sorted().distinct().forEach(recipient -> {
            digest.update(recipient.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        });
        digest.update(sha256().digest(content));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
