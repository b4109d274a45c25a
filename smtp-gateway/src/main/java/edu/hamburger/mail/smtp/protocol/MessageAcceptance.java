package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.auth.InboundAuthentication;
import edu.hamburger.mail.auth.dmarc.DmarcRecord;
import edu.hamburger.mail.auth.dmarc.DmarcResult;
import edu.hamburger.mail.auth.spf.SpfResult;
import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.ResendDigest;
import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.QueueId;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.core.trace.MessageTrace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The end of DATA or the last BDAT: checks the message, adds the trace header (and on submission
 * Date and Message-ID when missing, and removes Bcc), splits the recipients into one
 * {@code mail.inbound} record and one {@code mail.outbound} record per remote domain, and answers
 * 250 only once Kafka acknowledged all of them. If the queue fails or is too slow: 451 4.3.0.
 *
 * <p>Each message's trace starts here: its span lasts from the end of the data to the reply, and
 * its traceparent goes into every record's envelope, so the filing and the relay continue it.
 */
final class MessageAcceptance {

    private static final Logger LOG = Logger.getLogger(MessageAcceptance.class);
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final SmtpPolicy policy;
    private final Function<List<QueuedRecord>, Uni<Void>> queue;
    private final AuthorCheck authors;
    private final InboundCheck inbound;
    private final Function<String, MessageTrace> traces;

    static final AttributeKey<Long> REPLY_CODE = AttributeKey.longKey("smtp.reply.code");
    static final AttributeKey<String> LISTENER = AttributeKey.stringKey("smtp.listener");
    static final AttributeKey<String> SESSION = AttributeKey.stringKey("smtp.session");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<Long> SIZE = AttributeKey.longKey("mail.size");

    MessageAcceptance(SmtpPolicy policy, Function<List<QueuedRecord>, Uni<Void>> queue, AuthorCheck authors, InboundCheck inbound,
                      Function<String, MessageTrace> traces) {
        this.policy = policy;
        this.queue = queue;
        this.authors = authors;
        this.inbound = inbound;
        this.traces = traces;
    }

    Uni<SmtpReply> accept(SmtpSession session, byte[] content, boolean tooBig, boolean bareLineEnding) {
        try {
            if (tooBig) {
                return reply(SmtpReply.of(ReplyCode.EXCEEDED_STORAGE, EnhancedStatus.MESSAGE_TOO_BIG,
                        "Message size exceeds fixed maximum message size of " + policy.maxMessageSize()));
            }
            if (bareLineEnding) {
                return reply(SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.SYNTAX,
                        "Bare CR or LF in message; lines must end in CRLF"));
            }
            // the client's header, parsed once: checked, completed for submission, and its authors held to the account
            HeaderSection header = content.length > 0 && HeaderSection.startsField(content, 0, content.length)
                    ? HeaderSection.parse(content, 0, content.length) : null;
            if (header != null && header.malformedLines() > 0) {
                return reply(SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.CONTENT,
                        "Malformed header section: every line before the empty line must be a header field"));
            }
            byte[] message = prepare(session, content, header);
            String queueId = QueueId.next();
            MessageTrace trace = traces.apply(queueId);
            trace.span().setAttribute(LISTENER, session.listener().name().toLowerCase(Locale.ROOT));
            trace.span().setAttribute(SESSION, session.sessionId());
            trace.span().setAttribute(CLIENT_ADDRESS, String.valueOf(session.clientAddress()));
            trace.span().setAttribute(MessageTrace.RECIPIENTS_ATTRIBUTE, (long) session.recipients().size());
            String from = String.valueOf(session.reversePath());
            int recipientCount = session.recipients().size();
            String received = received(session, queueId);
            // the transaction's state is read now: the session is reset when this method returns
            String resendDigest = policy.resendDigests() && header != null
                    ? ResendDigest.of(header.first("Message-ID"),
                            String.valueOf(session.reversePath()),
                            session.recipients().stream().map(r -> r.recipient().address().toString()).toList(), content)
                    : null;
            List<QueuedRecord> unchecked = route(session, queueId, message, resendDigest, trace.traceparent());
            Uni<SmtpReply> refusal = session.listener().isSubmission() && session.authenticated()
                    ? authors.refusal(session.account(), header) : Uni.createFrom().nullItem();
            boolean fromInternet = !session.listener().isSubmission() && !session.authenticated();
            Uni<InboundAuthentication.Verdict> verdict = fromInternet
                    ? inbound.check(session.clientAddress(), session.helo(), mailFrom(session), message)
                    : Uni.createFrom().nullItem();
            String sessionId = session.sessionId();
            return refusal.chain(refused -> refused != null ? Uni.createFrom().item(refused) : verdict.chain(checked -> {
                SmtpReply refusedByPolicy = authenticationRefusal(sessionId, queueId, checked, trace);
                if (refusedByPolicy != null) {
                    return Uni.createFrom().item(refusedByPolicy);
                }
                byte[] withTrace = checked == null
                        ? concat(received.getBytes(StandardCharsets.UTF_8), message)
                        : concat((checked.field() + received).getBytes(StandardCharsets.UTF_8), checked.message());
                boolean junk = checked != null && checked.dmarc().applied() == DmarcRecord.Policy.QUARANTINE;
                List<QueuedRecord> records = unchecked.stream().map(r -> r.withMessage(withTrace, junk)).toList();
                trace.span().setAttribute(SIZE, (long) withTrace.length);
                return queue.apply(records).map(ignored -> {
                    trace.inScope(() -> LOG.infof("%s: accepted %s from %s for %d recipient(s), %d octets%s", sessionId, queueId,
                            from, recipientCount, withTrace.length, checked == null ? "" : ", " + summary(checked)));
                    return SmtpReply.of(ReplyCode.OK, EnhancedStatus.MESSAGE_ACCEPTED,
                            "Message accepted for delivery, queued as " + queueId);
                });
            }))
                    .onFailure().recoverWithItem(e -> {
                        trace.inScope(() -> LOG.warnf("%s: queueing %s failed, answered 451: %s", sessionId, queueId, e.toString()));
                        trace.span().recordException(e);
                        return Replies.TRY_LATER;
                    })
                    .invoke(reply -> {
                        trace.span().setAttribute(REPLY_CODE, (long) reply.code());
                        if (reply.code() >= 400) {
                            trace.span().setStatus(StatusCode.ERROR, reply.toString());
                        }
                        trace.end();
                    });
        } finally {
            session.resetTransaction();
        }
    }

    /**
     * What the verdict forbids: DMARC p=reject (sampled by pct=) is refused with 550 5.7.1, as
     * RFC 7489 §10.3 suggests; a DNS failure is deferred only when the operator asked for it.
     */
    private SmtpReply authenticationRefusal(String sessionId, String queueId, InboundAuthentication.Verdict checked, MessageTrace trace) {
        if (checked == null) {
            return null;
        }
        if (checked.dmarc().result() == DmarcResult.Result.FAIL && checked.dmarc().applied() == DmarcRecord.Policy.REJECT) {
            trace.inScope(() -> LOG.infof("%s: refused %s: %s", sessionId, queueId, summary(checked)));
            return SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, "5.7.1", "Message refused: the DMARC policy of "
                    + checked.dmarc().fromDomain() + " says reject, and neither SPF nor DKIM passed for it");
        }
        boolean temperror = checked.dmarc().result() == DmarcResult.Result.TEMPERROR
                || checked.spf().result() == SpfResult.Result.TEMPERROR;
        if (temperror && inbound.deferOnTemperror()) {
            trace.inScope(() -> LOG.infof("%s: deferred %s: %s", sessionId, queueId, summary(checked)));
            return SmtpReply.of(ReplyCode.LOCAL_ERROR, "4.7.0", "Temporary DNS failure while authenticating the message, try again later");
        }
        return null;
    }

    private static String summary(InboundAuthentication.Verdict checked) {
        StringBuilder dkim = new StringBuilder();
        checked.dkim().forEach(d -> dkim.append(dkim.length() == 0 ? "" : ",").append(d.result().keyword()));
        return "spf=" + checked.spf().result().keyword() + " dkim=" + (dkim.length() == 0 ? "none" : dkim)
                + " dmarc=" + checked.dmarc().result().keyword()
                + (checked.dmarc().result() == DmarcResult.Result.FAIL ? " (" + checked.dmarc().applied().keyword() + ")" : "");
    }

    private static String mailFrom(SmtpSession session) {
        return session.reversePath().isNull() || session.reversePath().mailbox() == null ? "" : session.reversePath().mailbox().toString();
    }

    private List<QueuedRecord> route(SmtpSession session, String queueId, byte[] message, String resendDigest, String traceparent) {
        List<EnvelopeRecipient> local = new ArrayList<>();
        Map<String, List<EnvelopeRecipient>> remote = new LinkedHashMap<>();
        for (SmtpSession.AcceptedRecipient accepted : session.recipients()) {
            if (accepted.local()) {
                local.add(accepted.recipient());
            } else {
                remote.computeIfAbsent(accepted.recipient().address().domainKey(), d -> new ArrayList<>()).add(accepted.recipient());
            }
        }
        Envelope envelope = new Envelope(queueId, session.reversePath(), session.recipients().stream()
                .map(SmtpSession.AcceptedRecipient::recipient).toList(), Instant.now(), session.clientAddress(), session.helo(),
                session.authenticated() ? session.account().address() : null, 0, null, traceparent,
                session.dsnReturn(), session.dsnEnvelopeId(), session.bodyType(), session.smtpUtf8(), false, resendDigest);
        List<QueuedRecord> records = new ArrayList<>();
        if (!local.isEmpty()) {
            records.add(new QueuedRecord(MailTopics.INBOUND, new MailRecord(envelope.withRecipients(local), message)));
        }
        remote.values().forEach(recipients -> records.add(
                new QueuedRecord(MailTopics.OUTBOUND, new MailRecord(envelope.withRecipients(recipients), message))));
        return records;
    }

    /** RFC 5321 §4.4 trace line, folded. */
    private String received(SmtpSession session, String queueId) {
        String protocol = (session.esmtp() ? "ESMTP" : "SMTP") + (session.tls() ? "S" : "") + (session.authenticated() ? "A" : "");
        if (session.smtpUtf8()) {
            protocol = "UTF8" + protocol.replace("ESMTP", "SMTP"); // RFC 6531 §3.7.3: UTF8SMTP, UTF8SMTPS, ...
        }
        String forClause = session.recipients().size() == 1
                ? "\r\n\tfor <" + session.recipients().get(0).recipient().address() + ">" : "";
        return "Received: from " + sanitize(session.helo()) + " ([" + session.clientAddress() + "])\r\n\tby "
                + policy.hostname() + " (mail-platform) with " + protocol + " id " + queueId + forClause + ";\r\n\t"
                + RFC5322.format(ZonedDateTime.now(ZoneId.of("UTC"))) + "\r\n";
    }

    /**
     * Applies the submission rules to a message whose header ({@code header}, null when there is
     * none) was checked. A message whose first line is not a header field (the seed's "Do you like
     * ketchup?") gets an empty header section.
     */
    private byte[] prepare(SmtpSession session, byte[] content, HeaderSection header) {
        if (header == null) {
            boolean startsWithBlank = content.length > 0 && (content[0] == '\r' || content[0] == '\n');
            byte[] withBlank = startsWithBlank ? content : concat("\r\n".getBytes(StandardCharsets.US_ASCII), content);
            return session.listener().isSubmission()
                    ? concat(missingHeaders(session, null).getBytes(StandardCharsets.UTF_8), withBlank) : withBlank;
        }
        if (!session.listener().isSubmission()) {
            return content;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
        int copied = 0;
        for (HeaderField field : header.fields()) {
            if (field.is("Bcc")) { // RFC 6409 §8.1: Bcc never reaches the recipients
                out.write(content, copied, field.start() - copied);
                copied = field.end();
            }
        }
        int headerEnd = blankLineStart(content, header.bodyStart());
        out.write(content, copied, headerEnd - copied);
        if (headerEnd == content.length && content[content.length - 1] != '\n') {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII)); // header-only message without a final line break
        }
        out.writeBytes(missingHeaders(session, header).getBytes(StandardCharsets.UTF_8));
        out.write(content, headerEnd, content.length - headerEnd);
        return out.toByteArray();
    }

    /**
     * What submission adds when the client left it out (RFC 6409 §8, as Postfix's cleanup does):
     * Date, Message-ID, and From as the account's address, so every submitted message has an
     * author that {@link AuthorCheck} then holds to the account.
     */
    private String missingHeaders(SmtpSession session, HeaderSection header) {
        StringBuilder added = new StringBuilder();
        if (header == null || header.first("Date") == null) {
            added.append("Date: ").append(RFC5322.format(ZonedDateTime.now(ZoneId.of("UTC")))).append("\r\n");
        }
        if (header == null || header.first("Message-ID") == null) {
            added.append("Message-ID: <").append(QueueId.next()).append('@').append(policy.hostname()).append(">\r\n");
        }
        if ((header == null || header.first("From") == null) && session.authenticated()) {
            added.append("From: <").append(session.account().address()).append(">\r\n");
        }
        return added.toString();
    }

    /** Where the empty line that ends the header starts; the end of the content when there is none. */
    private static int blankLineStart(byte[] content, int bodyStart) {
        if (bodyStart >= 2 && content[bodyStart - 2] == '\r' && content[bodyStart - 1] == '\n'
                && (bodyStart == 2 || content[bodyStart - 3] == '\n')) {
            return bodyStart - 2;
        }
        if (bodyStart >= 1 && content[bodyStart - 1] == '\n' && (bodyStart == 1 || content[bodyStart - 2] == '\n')) {
            return bodyStart - 1;
        }
        return bodyStart;
    }

    private static String sanitize(String helo) {
        return helo == null ? "unknown" : helo.replaceAll("[^\\x21-\\x7e\\u0080-\\uffff]", "?");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static Uni<SmtpReply> reply(SmtpReply reply) {
        return Uni.createFrom().item(reply);
    }
}
