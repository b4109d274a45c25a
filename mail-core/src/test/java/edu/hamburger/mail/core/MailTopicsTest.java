package edu.hamburger.mail.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import edu.hamburger.mail.core.topic.MailTopics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailTopicsTest {

    @Test
    void retryTopicsAreNamedByTheirDelay() {
        assertEquals("mail.outbound.retry.5m", MailTopics.retryTopic(Duration.ofMinutes(5)));
        assertEquals("mail.outbound.retry.1h", MailTopics.retryTopic(Duration.ofHours(1)));
        assertEquals("mail.outbound.retry.90m", MailTopics.retryTopic(Duration.ofMinutes(90)));
        assertThrows(IllegalArgumentException.class, () -> MailTopics.retryTopic(Duration.ofSeconds(30)));
    }

    @Test
    void allListsEveryTopicOfTheDesign() {
        assertEquals(List.of("mail.inbound", "mail.outbound", "mail.outbound.retry.5m", "mail.outbound.retry.15m",
                "mail.outbound.retry.30m", "mail.outbound.retry.1h", "mail.outbound.control", "mail.outbound.dlq", "mail.delivery.status",
                "mailbox.changes", "mail.dmarc.observations", "mail.tls.observations"), MailTopics.all());
    }
}
