package edu.hamburger.mail.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.line.testing.ScriptedConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing SMTP's command parsing, path parsing, DATA and BDAT through the whole in-memory
 * session: whatever a client sends, the server answers with well-formed replies and never with
 * the "local error" of an exception. Longer campaigns: {@code -Djqwik.tries.default=20000}.
 */
class SmtpFuzzTest {

    private static final List<String> LINES = List.of("EHLO crepes.fr", "HELO", "MAIL FROM:<alice@crepes.fr>",
            "MAIL FROM:<>", "MAIL FROM:<a@b> SIZE=99999999999", "MAIL FROM:<a@b> BODY=8BITMIME SMTPUTF8", "RCPT TO:<bob@example.test>",
            "RCPT TO:<bob@example.test> NOTIFY=SUCCESS ORCPT=rfc822;bob@example.test", "RCPT TO:<x@elsewhere>", "RCPT TO:<@a,@b:c@d>",
            "RCPT TO:<\"quoted local\"@example.test>", "RCPT TO:<받는이@example.test>", "DATA", ".", "..", "BDAT 3", "BDAT 0 LAST",
            "BDAT x", "RSET", "NOOP", "VRFY bob", "EXPN list", "HELP", "STARTTLS", "AUTH PLAIN", "AUTH LOGIN", "AUTH CRAM-MD5",
            "*", "=", "AGJvYgBzZWNyZXQ=", "QUIT", "MAIL", "RCPT", "MAIL FROM:", "RCPT TO:<", "Subject: x", "", "x".repeat(600));

    @Provide
    Arbitrary<String> sessions() {
        return Arbitraries.of(LINES).list().ofMaxSize(25).map(lines -> String.join("\r\n", lines) + "\r\n");
    }

    @Property
    void aSessionOfAnyCommandsGetsOnlyWellFormedReplies(@ForAll("sessions") String input) throws Exception {
        try (ScriptedConnection c = new InMemorySmtp().connect(Listener.SUBMISSION)) {
            c.send(input);
            check(c.pending());
        }
    }

    @Property
    void arbitraryBytes(@ForAll byte[] junk) throws Exception {
        try (ScriptedConnection c = new InMemorySmtp().connect(Listener.MX)) {
            c.send("EHLO fuzz\r\nMAIL FROM:<a@crepes.fr>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
            c.send(junk);
            c.send("\r\n.\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            check(c.pending());
        }
    }

    private static void check(String output) {
        for (String line : output.split("\r\n")) {
            if (!line.isEmpty()) {
                assertTrue(line.matches("[2345][0-9][0-9][ -].*"), "not an SMTP reply: " + line);
            }
        }
        assertFalse(output.contains("Local error in processing"), output);
    }
}
