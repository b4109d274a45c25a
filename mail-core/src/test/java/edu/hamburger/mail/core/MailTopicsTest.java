package edu.hamburger.mail.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void partitionsComeFromTheSettingElseTheDefault() {
        assertEquals(24, MailTopics.partitions(null));
        assertEquals(24, MailTopics.partitions(" "));
        assertEquals(6, MailTopics.partitions("6"));
        assertEquals(48, MailTopics.partitions(" 48 "));
    }

    @Test
    void aBadPartitionCountIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"0", "-3", "1001", "many", "2.5"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> MailTopics.partitions(bad));
            assertTrue(refused.getMessage().startsWith("MAIL_TOPIC_PARTITIONS=" + bad), refused.getMessage());
        }
    }
}
