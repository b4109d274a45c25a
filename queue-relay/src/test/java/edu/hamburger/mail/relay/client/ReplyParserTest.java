package edu.hamburger.mail.relay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.smtp.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {

    private final List<SmtpReply> replies = new ArrayList<>();
    private final ReplyParser parser = new ReplyParser(replies::add);

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
    }

    @Test
    void multiLineRepliesAndEnhancedCodesEvenOneByteAtATime() {
        String wire = "250-mx.crepes.fr\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 8BITMIME\r\n550 5.1.1 <x@y>: no such user\r\n354 go\r\n";
        for (byte b : wire.getBytes(StandardCharsets.US_ASCII)) {
            parser.feed(new byte[] {b}, 0, 1);
        }
        assertEquals(3, replies.size());
        assertEquals(List.of("mx.crepes.fr", "PIPELINING", "SIZE 1000", "8BITMIME"), replies.get(0).lines());
        assertNull(replies.get(0).enhancedCode());
        assertEquals("5.1.1", replies.get(1).enhancedCode());
        assertEquals("<x@y>: no such user", replies.get(1).lines().get(0));
        assertEquals(354, replies.get(2).code());
        ServerCapabilities capabilities = ServerCapabilities.fromEhlo(replies.get(0));
        assertTrue(capabilities.pipelining() && capabilities.eightBitMime());
        assertEquals(1000, capabilities.maxSize());
    }

    @Test
    void bareLfAndCodeOnlyLinesAreAccepted() {
        feed("220\n250 ok\n");
        assertEquals(List.of(220, 250), replies.stream().map(SmtpReply::code).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello\r\n", "25\r\n", "250x\r\n", "999 no\r\n", "250-a\r\n251 b\r\n", "abc def\r\n"})
    void malformedRepliesAreProtocolErrors(String wire) {
        assertThrows(SmtpProtocolException.class, () -> feed(wire));
    }

    @Test
    void endlessLinesAndRepliesAreCut() {
        assertThrows(SmtpProtocolException.class, () -> feed("250 " + "x".repeat(ReplyParser.MAX_LINE)));
        ReplyParser other = new ReplyParser(r -> { });
        byte[] line = "250-x\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(SmtpProtocolException.class, () -> {
            for (int i = 0; i <= ReplyParser.MAX_LINES; i++) {
                other.feed(line, 0, line.length);
            }
        });
    }

    @Test
    void mailAndRcptCarryDsnParametersOnlyToDsnServers() {
        Envelope envelope = new Envelope("Q", SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                List.of(new EnvelopeRecipient(MailAddress.parse("bob@hamburger.edu"),
                        java.util.EnumSet.of(edu.hamburger.mail.core.record.DsnNotify.FAILURE, edu.hamburger.mail.core.record.DsnNotify.DELAY),
                        "rfc822;bob@hamburger.edu")),
                Instant.now(), null, null, null, 0, null, null, edu.hamburger.mail.core.record.DsnReturn.HDRS, "ENV1", null, false);
        ServerCapabilities dsn = new ServerCapabilities(java.util.Set.of("DSN", "SIZE"), 0, java.util.Set.of());
        MessageTraits traits = new MessageTraits(false, false);
        assertEquals("MAIL FROM:<alice@crepes.fr> SIZE=42 RET=HDRS ENVID=ENV1", MessageTransfer.mailCommand(envelope, dsn, traits, 42));
        assertEquals("RCPT TO:<bob@hamburger.edu> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob@hamburger.edu",
                MessageTransfer.rcptCommand(envelope.recipients().get(0), dsn));
        assertEquals("MAIL FROM:<alice@crepes.fr>", MessageTransfer.mailCommand(envelope, ServerCapabilities.NONE, traits, 42));
        assertEquals("RCPT TO:<bob@hamburger.edu>", MessageTransfer.rcptCommand(envelope.recipients().get(0), ServerCapabilities.NONE));
    }
}
