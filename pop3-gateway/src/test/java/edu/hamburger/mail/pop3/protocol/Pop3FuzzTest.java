package edu.hamburger.mail.pop3.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;

import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.testing.ScriptedConnection;
import edu.hamburger.mail.pop3.transport.Pop3LineSession;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Fuzzing POP3 through the whole in-memory session: any commands, in any order, never an internal error. */
class Pop3FuzzTest {

    private static final List<String> LINES = List.of("USER bob@example.test", "PASS secret", "PASS wrong", "STAT", "LIST",
            "LIST 1", "LIST 0", "LIST 99999999999", "UIDL", "UIDL 2", "RETR 1", "RETR -1", "TOP 1 0", "TOP 1 x", "TOP 2 999999",
            "DELE 1", "DELE 1", "RSET", "NOOP", "CAPA", "AUTH", "AUTH PLAIN", "AUTH PLAIN AGJvYgBzZWNyZXQ=", "*", "STLS", "APOP a b",
            "", " ", "QUIT", "x".repeat(300));

    @Provide
    Arbitrary<String> sessions() {
        return Arbitraries.of(LINES).list().ofMaxSize(25).map(lines -> String.join("\r\n", lines) + "\r\n");
    }

    @Property
    void anySessionNeverAnInternalError(@ForAll("sessions") String input) throws Exception {
        InMemoryMaildrops maildrops = new InMemoryMaildrops();
        maildrops.deliver("Subject: one\r\n\r\n.dot\r\n");
        maildrops.deliver("Subject: two\r\n\r\ntwo\r\n");
        Pop3Protocol protocol = new Pop3Protocol(new Pop3Protocol.Policy("example.test", false,
                new FailedLoginPolicy(3, Duration.ZERO), Duration.ZERO), maildrops);
        try (ScriptedConnection c = new ScriptedConnection(new Pop3LineSession(new Pop3Session("192.0.2.7", false, true, true,
                "pop3-fuzz"), protocol, new Pop3LineSession.Limits(255, 12288, Duration.ofMinutes(10), Duration.ofMinutes(1))))) {
            c.send(input);
            String output = c.pending();
            assertFalse(output.contains("internal error"), output);
        }
    }
}
