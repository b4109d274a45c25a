package edu.hamburger.mail.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.topic.MailTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class MailRecordHeadersTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-26T04:00:00.123456Z");

    @Test
    void fullEnvelopeWithKoreanValuesRoundTrips() {
        Envelope envelope = new Envelope(
                "Q7F3A9C2",
                SmtpPath.of(MailAddress.parse("앨리스@크레페.fr")),
                List.of(
                        new EnvelopeRecipient(MailAddress.parse("김철수@한국.kr"), Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE),
                                "utf-8;김철수@한국.kr"),
                        EnvelopeRecipient.of(MailAddress.parse("\"bob smith\"@hamburger.edu")),
                        new EnvelopeRecipient(MailAddress.parse("carol@hamburger.edu"), Set.of(DsnNotify.NEVER), null)),
                RECEIVED,
                "192.0.2.7",
                "메일.크레페.fr",
                "앨리스",
                3,
                RECEIVED.plusSeconds(300),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                DsnReturn.HDRS,
                "QQ314159",
                BodyType.EIGHT_BIT_MIME,
                true).asJunk().withResendDigest("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

        Envelope decoded = MailRecordHeaders.fromHeaders(MailRecordHeaders.toHeaders(envelope));

        assertEquals(envelope, decoded);
        assertEquals("김철수", decoded.recipients().get(0).address().localPart());
        assertEquals("앨리스", decoded.authenticatedUser());
        assertEquals(envelope.resendDigest(), decoded.nextAttempt(RECEIVED).withRecipients(decoded.recipients()).resendDigest(),
                "the digest stays with every later form of the envelope");
    }

    @Test
    void koreanHeaderValuesAreUtf8Bytes() {
        Envelope envelope = Envelope.of("Q1", SmtpPath.of(MailAddress.parse("앨리스@크레페.fr")),
                List.of(EnvelopeRecipient.of(MailAddress.parse("bob@hamburger.edu"))), RECEIVED);
        var headers = new RecordHeaders(MailRecordHeaders.toHeaders(envelope));
        assertArrayEquals("<앨리스@크레페.fr>".getBytes(StandardCharsets.UTF_8),
                headers.lastHeader(MailRecordHeaders.REVERSE_PATH).value());
    }

    @Test
    void nullReversePathRoundTrips() {
        Envelope bounce = Envelope.of("QBOUNCE1", SmtpPath.NULL,
                List.of(EnvelopeRecipient.of(MailAddress.parse("alice@crepes.fr"))), RECEIVED);
        var headers = new RecordHeaders(MailRecordHeaders.toHeaders(bounce));
        assertEquals("<>", new String(headers.lastHeader(MailRecordHeaders.REVERSE_PATH).value(), StandardCharsets.UTF_8));

        Envelope decoded = MailRecordHeaders.fromHeaders(headers);
        assertTrue(decoded.reversePath().isNull());
        assertEquals(bounce, decoded);
        assertNull(decoded.clientAddress());
        assertEquals(0, decoded.attempt());
    }

    @Test
    void twentyMebibyteMessageSurvivesTheKafkaSerializersUnchanged() {
        byte[] message = new byte[20 * 1024 * 1024];
        new Random(42).nextBytes(message);
        byte[] expected = message.clone();
        MailRecord record = new MailRecord(Envelope.of("QBIG", SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                List.of(EnvelopeRecipient.of(MailAddress.parse("bob@hamburger.edu"))), RECEIVED), message);

        ProducerRecord<String, byte[]> produced = MailRecordHeaders.toProducerRecord(MailTopics.INBOUND, record);
        byte[] wire;
        try (var serializer = new ByteArraySerializer(); var deserializer = new ByteArrayDeserializer()) {
            wire = serializer.serialize(produced.topic(), produced.headers(), produced.value());
            byte[] read = deserializer.deserialize(produced.topic(), produced.headers(), wire);
            ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(produced.topic(), 0, 0L, 0L,
                    TimestampType.CREATE_TIME, 0, read.length, produced.key(), read, produced.headers(), java.util.Optional.empty());
            MailRecord back = MailRecordHeaders.fromConsumerRecord(consumed);
            assertArrayEquals(expected, back.message());
            assertEquals(record.envelope(), back.envelope());
        }
        assertEquals("QBIG", produced.key());
        assertSame(message, produced.value(), "the codec must not copy 20 MiB");
    }

    @Test
    void recipientLineIsTheRcptToArgument() {
        EnvelopeRecipient recipient = new EnvelopeRecipient(MailAddress.parse("bob@hamburger.edu"),
                Set.of(DsnNotify.FAILURE, DsnNotify.SUCCESS), "rfc822;bob@hamburger.edu");
        assertEquals("<bob@hamburger.edu> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@hamburger.edu",
                MailRecordHeaders.recipientLine(recipient));
        assertThrows(IllegalArgumentException.class, () -> MailRecordHeaders.recipientLine(
                new EnvelopeRecipient(MailAddress.parse("bob@hamburger.edu"), Set.of(), "rfc822;bob smith")));
    }

    @Test
    void recordsWithoutTheEnvelopeAreRefused() {
        var missingFormat = new RecordHeaders();
        assertThrows(MalformedMailRecordException.class, () -> MailRecordHeaders.fromHeaders(missingFormat));

        var noRecipients = new RecordHeaders(MailRecordHeaders.toHeaders(Envelope.of("Q2", SmtpPath.NULL,
                List.of(EnvelopeRecipient.of(MailAddress.parse("a@b.c"))), RECEIVED)));
        noRecipients.remove(MailRecordHeaders.RECIPIENT);
        assertThrows(MalformedMailRecordException.class, () -> MailRecordHeaders.fromHeaders(noRecipients));

        var badPath = new RecordHeaders(MailRecordHeaders.toHeaders(Envelope.of("Q3", SmtpPath.NULL,
                List.of(EnvelopeRecipient.of(MailAddress.parse("a@b.c"))), RECEIVED)));
        badPath.remove(MailRecordHeaders.REVERSE_PATH);
        badPath.add(MailRecordHeaders.REVERSE_PATH, "<a@@b>".getBytes(StandardCharsets.UTF_8));
        assertThrows(MalformedMailRecordException.class, () -> MailRecordHeaders.fromHeaders(badPath));

        var future = new RecordHeaders();
        future.add(MailRecordHeaders.FORMAT, "2".getBytes(StandardCharsets.UTF_8));
        assertThrows(MalformedMailRecordException.class, () -> MailRecordHeaders.fromHeaders(future));
    }

    @Test
    void unknownHeadersFromOtherToolsAreIgnored() {
        Envelope envelope = Envelope.of("Q4", SmtpPath.NULL, List.of(EnvelopeRecipient.of(MailAddress.parse("a@b.c"))), RECEIVED);
        var headers = new RecordHeaders(MailRecordHeaders.toHeaders(envelope));
        headers.add("x-connect-source", "whatever".getBytes(StandardCharsets.UTF_8));
        assertEquals(envelope, MailRecordHeaders.fromHeaders(headers));
    }
}
