package edu.hamburger.mail.core.record;

import edu.hamburger.mail.core.address.SmtpPath;
import java.time.Instant;
import java.util.List;

/**
 * The SMTP envelope of a queued message and what the platform knows about its journey. It
 * travels in Kafka record headers ({@link MailRecordHeaders}); the message itself is the value.
 *
 * @param queueId           the id smtp-gateway gave the message; the record key and the
 *                          idempotency key of every consumer
 * @param reversePath       MAIL FROM; {@link SmtpPath#NULL} for bounces
 * @param recipients        RCPT TO, at least one
 * @param receivedAt        when the gateway accepted the message
 * @param clientAddress     IP of the SMTP client, or null for mail the platform made itself
 * @param clientHelo        what the client said in HELO/EHLO, or null
 * @param authenticatedUser the SASL identity on submission, or null
 * @param attempt           delivery attempts so far (0 for a new message)
 * @param notBefore         a retry must not be tried before this instant, or null
 * @param traceparent       W3C trace context, or null
 * @param dsnReturn         RET, or null
 * @param dsnEnvelopeId     ENVID, or null
 * @param bodyType          BODY, or null when the client gave none
 * @param smtpUtf8          the client asked for SMTPUTF8
 * @param junk              the MX judged it junk (a DMARC quarantine policy): filed into the
 *                          account's Junk mailbox rather than INBOX
 * @param resendDigest      the {@link ResendDigest} of what the client sent, or null: a client's
 *                          re-send after a lost 250 carries the same digest and is filed once
 */
public record Envelope(
        String queueId,
        SmtpPath reversePath,
        List<EnvelopeRecipient> recipients,
        Instant receivedAt,
        String clientAddress,
        String clientHelo,
        String authenticatedUser,
        int attempt,
        Instant notBefore,
        String traceparent,
        DsnReturn dsnReturn,
        String dsnEnvelopeId,
        BodyType bodyType,
        boolean smtpUtf8,
        boolean junk,
        String resendDigest) {

    /** An envelope without a re-send digest (see {@link ResendDigest}). */
    public Envelope(String queueId, SmtpPath reversePath, List<EnvelopeRecipient> recipients, Instant receivedAt,
                    String clientAddress, String clientHelo, String authenticatedUser, int attempt, Instant notBefore,
                    String traceparent, DsnReturn dsnReturn, String dsnEnvelopeId, BodyType bodyType, boolean smtpUtf8,
                    boolean junk) {
        this(queueId, reversePath, recipients, receivedAt, clientAddress, clientHelo, authenticatedUser, attempt, notBefore,
                traceparent, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, junk, null);
    }

    /** An envelope of a message nobody judged junk. */
    public Envelope(String queueId, SmtpPath reversePath, List<EnvelopeRecipient> recipients, Instant receivedAt,
                    String clientAddress, String clientHelo, String authenticatedUser, int attempt, Instant notBefore,
                    String traceparent, DsnReturn dsnReturn, String dsnEnvelopeId, BodyType bodyType, boolean smtpUtf8) {
        this(queueId, reversePath, recipients, receivedAt, clientAddress, clientHelo, authenticatedUser, attempt, notBefore,
                traceparent, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, false);
    }

    public Envelope {
        if (queueId == null || queueId.isBlank()) {
            throw new IllegalArgumentException("an envelope needs a queue id");
        }
        if (reversePath == null) {
            throw new IllegalArgumentException("use SmtpPath.NULL for the null reverse-path");
        }
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        if (receivedAt == null) {
            throw new IllegalArgumentException("an envelope needs its received time");
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt cannot be negative");
        }
        recipients = List.copyOf(recipients);
    }

    /** A fresh envelope with only what every message has; the other fields stay empty. */
    public static Envelope of(String queueId, SmtpPath reversePath, List<EnvelopeRecipient> recipients, Instant receivedAt) {
        return new Envelope(queueId, reversePath, recipients, receivedAt, null, null, null, 0, null, null, null, null, null, false);
    }

    /** The same envelope for another set of recipients (one record per destination domain). */
    public Envelope withRecipients(List<EnvelopeRecipient> newRecipients) {
        return new Envelope(queueId, reversePath, newRecipients, receivedAt, clientAddress, clientHelo, authenticatedUser,
                attempt, notBefore, traceparent, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, junk, resendDigest);
    }

    /** The envelope of the next delivery attempt, not to be tried before {@code when}. */
    public Envelope nextAttempt(Instant when) {
        return new Envelope(queueId, reversePath, recipients, receivedAt, clientAddress, clientHelo, authenticatedUser,
                attempt + 1, when, traceparent, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, junk, resendDigest);
    }

    /** The same envelope, judged junk by the MX. */
    public Envelope asJunk() {
        return new Envelope(queueId, reversePath, recipients, receivedAt, clientAddress, clientHelo, authenticatedUser,
                attempt, notBefore, traceparent, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, true, resendDigest);
    }

    /** The same envelope without a not-before time: due now (an operator's "retry now"). */
    public Envelope dueNow() {
        return new Envelope(queueId, reversePath, recipients, receivedAt, clientAddress, clientHelo, authenticatedUser,
                attempt, null, traceparent, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, junk, resendDigest);
    }

    /** The same envelope with the digest by which a client's re-send of it is recognised. */
    public Envelope withResendDigest(String digest) {
        return new Envelope(queueId, reversePath, recipients, receivedAt, clientAddress, clientHelo, authenticatedUser,
                attempt, notBefore, traceparent, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, junk, digest);
    }

    /**
     * The same envelope in the trace of {@code span} (a W3C traceparent): the records a relay
     * attempt writes (the next attempt, a bounce) become children of that attempt's span.
     * A null span keeps the traceparent there is.
     */
    public Envelope inTrace(String span) {
        return span == null ? this : new Envelope(queueId, reversePath, recipients, receivedAt, clientAddress, clientHelo, authenticatedUser,
                attempt, notBefore, span, dsnReturn, dsnEnvelopeId, bodyType, smtpUtf8, junk, resendDigest);
    }
}
