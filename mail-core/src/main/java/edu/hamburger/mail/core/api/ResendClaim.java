package edu.hamburger.mail.core.api;

import edu.hamburger.mail.core.record.Envelope;
import java.time.Instant;

/**
 * {@code POST /api/v1/resend-claims}: a queued message's {@code ResendDigest}, its queue id and
 * when the gateway accepted it. The answer ({@link ResendVerdict}) names the queue id of the first
 * copy when this one is a client's re-send of it; the relay then sends it nowhere.
 */
public record ResendClaim(String digest, String queueId, Instant receivedAt) {

    /** The claim of a record's envelope, or null when it carries no digest. */
    public static ResendClaim of(Envelope envelope) {
        return envelope.resendDigest() == null ? null : new ResendClaim(envelope.resendDigest(), envelope.queueId(), envelope.receivedAt());
    }
}
