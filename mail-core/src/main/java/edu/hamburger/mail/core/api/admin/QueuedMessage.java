package edu.hamburger.mail.core.api.admin;

import java.time.Instant;
import java.util.List;

/** One queued delivery attempt: where it waits (topic, partition, offset), for whom, and since when. */
public record QueuedMessage(String queueId, String topic, int partition, long offset, String domain,
        List<String> recipients, String sender, int attempt, Instant receivedAt, Instant notBefore, int size,
        String state) {
}
