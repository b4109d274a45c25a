package edu.hamburger.mail.core.topic;

import java.time.Duration;
import java.util.List;

/**
 * The Kafka topics of the platform (DESIGN.md, "Kafka"). Services name these through logical
 * channels in application.properties; the provisioner creates exactly this list.
 */
public final class MailTopics {

    /** Messages for local recipients, keyed by queue id; read by mailbox-service. */
    public static final String INBOUND = "mail.inbound";
    /** Messages for remote recipients, one record per destination domain; read by queue-relay. */
    public static final String OUTBOUND = "mail.outbound";
    /**
     * Operators' decisions about queued messages (purge, retry now), keyed by queue id; compacted,
     * so the latest decision per message is kept. Every queue-relay replica reads all of it.
     */
    public static final String OUTBOUND_CONTROL = "mail.outbound.control";
    /** Records that cannot be processed at all; read by operators. */
    public static final String OUTBOUND_DLQ = "mail.outbound.dlq";
    /** Delivered / deferred / bounced, per recipient. */
    public static final String DELIVERY_STATUS = "mail.delivery.status";
    /** Mailbox events keyed by account id; a broadcast read by imap-gateway and webmail-api. */
    public static final String MAILBOX_CHANGES = "mailbox.changes";
    /**
     * What the MX's DMARC checks found (DmarcObservation), keyed by the policy domain, for the
     * domains that ask for aggregate reports; read by mailbox-service, which sends the reports.
     */
    public static final String DMARC_OBSERVATIONS = "mail.dmarc.observations";
    /**
     * How each of the relay's outbound sessions went for TLS (TlsSessionObservation), keyed by the
     * recipient domain; read by mailbox-service, which sends SMTP TLS reports (RFC 8460).
     */
    public static final String TLS_OBSERVATIONS = "mail.tls.observations";

    /**
     * The delay tiers of the outbound retry topics. A deferred delivery goes to the tier closest
     * to its next backoff without exceeding it; the consumer of a tier waits for the record's
     * not-before time. Postfix's defaults (minimal_backoff_time 300s, maximal_backoff_time 4000s)
     * are the model.
     */
    public static final List<Duration> RETRY_DELAYS =
            List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1));

    /**
     * Every mail topic has this many partitions unless the deployment says otherwise
     * ({@value #PARTITIONS_SETTING}): the ceiling on useful replicas of each consumer group, so
     * on the number of relays that share the queue. Fixed when a topic is made: adding partitions
     * later moves keys (and the compacted control topic's records) to other partitions.
     */
    public static final int DEFAULT_PARTITIONS = 24;
    public static final String PARTITIONS_SETTING = "MAIL_TOPIC_PARTITIONS";
    static final int MAX_PARTITIONS = 1000;

    /**
     * Topic-level size ceiling: above the largest SMTP SIZE we advertise (25 MiB by default)
     * plus trace headers and the Kafka record envelope.
     */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    private MailTopics() {
    }

    /** The partitions a topic provisioner gives new topics: {@value #PARTITIONS_SETTING}, else the default. */
    public static int configuredPartitions() {
        return partitions(System.getenv(PARTITIONS_SETTING));
    }

    /** A {@value #PARTITIONS_SETTING} value read: blank is the default, else a number from 1 to 1000. */
    public static int partitions(String setting) {
        if (setting == null || setting.isBlank()) {
            return DEFAULT_PARTITIONS;
        }
        try {
            int partitions = Integer.parseInt(setting.trim());
            if (partitions >= 1 && partitions <= MAX_PARTITIONS) {
                return partitions;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(PARTITIONS_SETTING + "=" + setting + " is not a number from 1 to " + MAX_PARTITIONS);
    }

    /** The retry topic for one delay tier, e.g. {@code mail.outbound.retry.5m}. */
    public static String retryTopic(Duration delay) {
        long minutes = delay.toMinutes();
        if (minutes <= 0 || delay.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("retry delays are whole minutes: " + delay);
        }
        String suffix = minutes % 60 == 0 ? (minutes / 60) + "h" : minutes + "m";
        return OUTBOUND + ".retry." + suffix;
    }

    /** True for the topics that keep only the latest record per key (cleanup.policy=compact). */
    public static boolean isCompacted(String topic) {
        return OUTBOUND_CONTROL.equals(topic);
    }

    /** All topics the platform needs, in the order an operator would read them. */
    public static List<String> all() {
        var topics = new java.util.ArrayList<String>();
        topics.add(INBOUND);
        topics.add(OUTBOUND);
        RETRY_DELAYS.forEach(d -> topics.add(retryTopic(d)));
        topics.add(OUTBOUND_CONTROL);
        topics.add(OUTBOUND_DLQ);
        topics.add(DELIVERY_STATUS);
        topics.add(MAILBOX_CHANGES);
        topics.add(DMARC_OBSERVATIONS);
        topics.add(TLS_OBSERVATIONS);
        return List.copyOf(topics);
    }
}
