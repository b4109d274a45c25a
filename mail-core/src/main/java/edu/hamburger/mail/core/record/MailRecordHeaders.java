package edu.hamburger.mail.core.record;

import edu.hamburger.mail.core.address.AddressSyntaxException;
import edu.hamburger.mail.core.address.PathArgument;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.address.SmtpPathParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The mail record format on Kafka (docs/record-format.md): the envelope as UTF-8 record headers,
 * the raw message as the value, the queue id as the key.
 *
 * <p>Paths are written in their SMTP wire form ({@code <alice@crepes.fr>}, {@code <>}) and a
 * recipient with its DSN parameters exactly as after {@code RCPT TO:}, so that one parser,
 * {@link SmtpPathParser}, reads both the protocol and the queue. A header that is absent means
 * "not known"; {@code mail-recipient} repeats, once per recipient, in envelope order.
 */
public final class MailRecordHeaders {

    /** The format version; a consumer refuses a record of a newer major version. */
    public static final String FORMAT_VERSION = "1";

    public static final String FORMAT = "mail-format";
    public static final String QUEUE_ID = "mail-queue-id";
    public static final String REVERSE_PATH = "mail-reverse-path";
    public static final String RECIPIENT = "mail-recipient";
    public static final String RECEIVED_AT = "mail-received-at";
    public static final String CLIENT_ADDRESS = "mail-client-address";
    public static final String CLIENT_HELO = "mail-client-helo";
    public static final String AUTHENTICATED_USER = "mail-auth-user";
    public static final String ATTEMPT = "mail-attempt";
    public static final String NOT_BEFORE = "mail-not-before";
    public static final String TRACEPARENT = "traceparent";
    public static final String DSN_RET = "mail-dsn-ret";
    public static final String DSN_ENVID = "mail-dsn-envid";
    public static final String BODY = "mail-body";
    public static final String SMTPUTF8 = "mail-smtputf8";
    public static final String JUNK = "mail-junk";
    public static final String RESEND_DIGEST = "mail-resend-digest";

    private MailRecordHeaders() {
    }

    public static List<Header> toHeaders(Envelope envelope) {
        List<Header> headers = new ArrayList<>();
        add(headers, FORMAT, FORMAT_VERSION);
        add(headers, QUEUE_ID, envelope.queueId());
        add(headers, REVERSE_PATH, envelope.reversePath().toString());
        for (EnvelopeRecipient recipient : envelope.recipients()) {
            add(headers, RECIPIENT, recipientLine(recipient));
        }
        add(headers, RECEIVED_AT, envelope.receivedAt().toString());
        add(headers, CLIENT_ADDRESS, envelope.clientAddress());
        add(headers, CLIENT_HELO, envelope.clientHelo());
        add(headers, AUTHENTICATED_USER, envelope.authenticatedUser());
        add(headers, ATTEMPT, Integer.toString(envelope.attempt()));
        add(headers, NOT_BEFORE, envelope.notBefore() == null ? null : envelope.notBefore().toString());
        add(headers, TRACEPARENT, envelope.traceparent());
        add(headers, DSN_RET, envelope.dsnReturn() == null ? null : envelope.dsnReturn().name());
        add(headers, DSN_ENVID, envelope.dsnEnvelopeId());
        add(headers, BODY, envelope.bodyType() == null ? null : envelope.bodyType().keyword());
        if (envelope.smtpUtf8()) {
            add(headers, SMTPUTF8, "true");
        }
        if (envelope.junk()) {
            add(headers, JUNK, "true");
        }
        add(headers, RESEND_DIGEST, envelope.resendDigest());
        return headers;
    }

    public static Envelope fromHeaders(Iterable<Header> headers) {
        String format = null;
        String queueId = null;
        String reversePath = null;
        List<String> recipients = new ArrayList<>();
        String receivedAt = null;
        String clientAddress = null;
        String clientHelo = null;
        String authenticatedUser = null;
        String attempt = null;
        String notBefore = null;
        String traceparent = null;
        String dsnRet = null;
        String dsnEnvid = null;
        String body = null;
        boolean smtpUtf8 = false;
        boolean junk = false;
        String resendDigest = null;
        for (Header header : headers) {
            String value = header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            switch (header.key()) {
                case FORMAT -> format = value;
                case QUEUE_ID -> queueId = value;
                case REVERSE_PATH -> reversePath = value;
                case RECIPIENT -> recipients.add(value);
                case RECEIVED_AT -> receivedAt = value;
                case CLIENT_ADDRESS -> clientAddress = value;
                case CLIENT_HELO -> clientHelo = value;
                case AUTHENTICATED_USER -> authenticatedUser = value;
                case ATTEMPT -> attempt = value;
                case NOT_BEFORE -> notBefore = value;
                case TRACEPARENT -> traceparent = value;
                case DSN_RET -> dsnRet = value;
                case DSN_ENVID -> dsnEnvid = value;
                case BODY -> body = value;
                case SMTPUTF8 -> smtpUtf8 = "true".equals(value);
                case JUNK -> junk = "true".equals(value);
                case RESEND_DIGEST -> resendDigest = value;
                default -> { } // headers of other tools (tracing, Kafka Connect) pass through unread
            }
        }
        if (format == null || !format.split("\\.")[0].equals(FORMAT_VERSION)) {
            throw new MalformedMailRecordException("unsupported or missing " + FORMAT + ": " + format);
        }
        try {
            return new Envelope(
                    required(QUEUE_ID, queueId),
                    SmtpPathParser.parseReversePath(required(REVERSE_PATH, reversePath)).path(),
                    recipients.stream().map(MailRecordHeaders::parseRecipient).toList(),
                    Instant.parse(required(RECEIVED_AT, receivedAt)),
                    clientAddress,
                    clientHelo,
                    authenticatedUser,
                    attempt == null ? 0 : Integer.parseInt(attempt),
                    notBefore == null ? null : Instant.parse(notBefore),
                    traceparent,
                    dsnRet == null ? null : DsnReturn.valueOf(dsnRet),
                    dsnEnvid,
                    body == null ? null : BodyType.fromKeyword(body),
                    smtpUtf8,
                    junk,
                    resendDigest);
        } catch (AddressSyntaxException | DateTimeParseException e) {
            throw new MalformedMailRecordException("bad envelope header: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // also NumberFormatException and enum valueOf
            throw new MalformedMailRecordException("bad envelope: " + e.getMessage(), e);
        }
    }

    public static ProducerRecord<String, byte[]> toProducerRecord(String topic, MailRecord record) {
        Envelope envelope = record.envelope();
        return new ProducerRecord<>(topic, null, envelope.queueId(), record.message(), toHeaders(envelope));
    }

    public static MailRecord fromConsumerRecord(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new MalformedMailRecordException("mail record without a message (value is null)");
        }
        return new MailRecord(fromHeaders(record.headers()), record.value());
    }

    /** A recipient as it would follow {@code RCPT TO:}: the path, then NOTIFY and ORCPT. */
    static String recipientLine(EnvelopeRecipient recipient) {
        StringBuilder line = new StringBuilder(SmtpPath.of(recipient.address()).toString());
        if (!recipient.notifyOn().isEmpty()) {
            line.append(" NOTIFY=").append(recipient.notifyOn().stream()
                    .sorted().map(Enum::name).collect(Collectors.joining(",")));
        }
        if (recipient.originalRecipient() != null) {
            String orcpt = recipient.originalRecipient();
            if (orcpt.isEmpty() || orcpt.chars().anyMatch(c -> c <= ' ' || c == '=')) {
                throw new IllegalArgumentException("ORCPT must be xtext-encoded: " + orcpt);
            }
            line.append(" ORCPT=").append(orcpt);
        }
        return line.toString();
    }

    private static EnvelopeRecipient parseRecipient(String line) {
        PathArgument argument = SmtpPathParser.parseForwardPath(line);
        if (argument.path().mailbox() == null) {
            throw new MalformedMailRecordException("recipient without a mailbox: " + line);
        }
        String notify = argument.parameter("NOTIFY");
        Set<DsnNotify> notifySet = EnumSet.noneOf(DsnNotify.class);
        if (notify != null) {
            for (String value : notify.split(",")) {
                notifySet.add(DsnNotify.valueOf(value.toUpperCase(Locale.ROOT)));
            }
        }
        return new EnvelopeRecipient(argument.path().mailbox(), notifySet, argument.parameter("ORCPT"));
    }

    private static String required(String name, String value) {
        if (value == null) {
            throw new MalformedMailRecordException("missing header " + name);
        }
        return value;
    }

    private static void add(List<Header> headers, String key, String value) {
        if (value != null) {
            headers.add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
