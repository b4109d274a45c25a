package edu.hamburger.mail.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.line.framing.Frame;
import edu.hamburger.mail.line.framing.Framer;
import edu.hamburger.mail.line.framing.LineFramer;
import edu.hamburger.mail.line.testing.ScriptedConnection;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport's invariants, shown with a tiny echo protocol and no socket. */
class LineConnectionTest {

    /** Echoes each line; "SLOW" answers after a delay on another thread; "TLS" starts TLS; "QUIT" closes. */
    static final class EchoSession implements LineSession {
        final List<String> seen = new ArrayList<>();
        final LineFramer lines = new LineFramer(64);
        Wire wire;
        boolean tls;
        boolean closed;

        @Override
        public void opened(Wire wire) {
            this.wire = wire;
            write("HELLO");
        }

        @Override
        public Framer framer() {
            return lines;
        }

        @Override
        public Uni<Step> handle(Frame frame) {
            if (frame instanceof Frame.Refused refused) {
                write("REFUSED " + refused.reason());
                return Uni.createFrom().item(Step.CONTINUE);
            }
            String text = ((Frame.Line) frame).text();
            seen.add(text);
            return switch (text) {
                case "SLOW" -> Uni.createFrom().item(Step.CONTINUE).onItem().delayIt().by(Duration.ofMillis(50))
                        .invoke(() -> write("SLOW done"));
                case "TLS" -> {
                    write("GO AHEAD");
                    yield Uni.createFrom().item(Step.START_TLS);
                }
                case "QUIT" -> {
                    write("BYE");
                    yield Uni.createFrom().item(Step.CLOSE);
                }
                case "FAIL" -> Uni.createFrom().failure(new IllegalStateException("boom"));
                default -> {
                    write("ECHO " + text + (tls ? " (tls)" : ""));
                    yield Uni.createFrom().item(Step.CONTINUE);
                }
            };
        }

        @Override
        public Step failed(Throwable failure) {
            write("TEMPORARY FAILURE");
            return Step.CONTINUE;
        }

        @Override
        public Duration timeout() {
            return Duration.ofMinutes(5);
        }

        @Override
        public void timedOut() {
            write("TIMEOUT");
        }

        @Override
        public void tlsStarted() {
            tls = true;
        }

        @Override
        public void closed() {
            closed = true;
        }

        private void write(String line) {
            wire.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderEvenWhenOneIsSlow() throws Exception {
        EchoSession session = new EchoSession();
        try (ScriptedConnection c = new ScriptedConnection(session)) {
            assertEquals("HELLO", c.line());
            c.send("A\r\nSLOW\r\nB\r\n");
            assertEquals("ECHO A", c.line());
            assertEquals("SLOW done", c.line());
            assertEquals("ECHO B", c.line());
        }
    }

    @Test
    void plaintextPipelinedAfterStartTlsIsDropped() throws Exception {
        EchoSession session = new EchoSession();
        try (ScriptedConnection c = new ScriptedConnection(session)) {
            c.line();
            c.send("TLS\r\nINJECTED\r\n");
            assertEquals("GO AHEAD", c.line());
            c.send("AFTER\r\n");
            assertEquals("ECHO AFTER (tls)", c.line());
            assertEquals(List.of("TLS", "AFTER"), session.seen, "the line sent in the clear after STARTTLS was never read");
            assertEquals(1, c.transport().tlsHandshakes());
        }
    }

    @Test
    void aSilentClientIsClosedAfterTheTimeoutButNotBefore() throws Exception {
        EchoSession session = new EchoSession();
        ScriptedConnection c = new ScriptedConnection(session);
        c.line();
        c.advance(Duration.ofMinutes(4));
        c.send("PING\r\n");
        assertEquals("ECHO PING", c.line());
        c.advance(Duration.ofMinutes(4)); // input re-armed the timer
        assertFalse(c.ended());
        c.advance(Duration.ofMinutes(2));
        assertEquals("TIMEOUT", c.line());
        assertTrue(c.ended());
        assertTrue(session.closed);
    }

    @Test
    void aFailedCommandGetsATemporaryAnswerAndTheSessionGoesOn() throws Exception {
        try (ScriptedConnection c = new ScriptedConnection(new EchoSession())) {
            c.line();
            c.send("FAIL\r\nNEXT\r\n");
            assertEquals("TEMPORARY FAILURE", c.line());
            assertEquals("ECHO NEXT", c.line());
        }
    }

    @Test
    void nothingIsReadAfterClose() throws Exception {
        EchoSession session = new EchoSession();
        ScriptedConnection c = new ScriptedConnection(session);
        c.line();
        c.send("QUIT\r\nMORE\r\n");
        assertEquals("BYE", c.line());
        assertTrue(c.ended());
        assertEquals(List.of("QUIT"), session.seen);
        assertTrue(session.closed);
    }

    @Test
    void theSocketIsPausedWhileUnansweredInputIsOverTheLimit() throws Exception {
        EchoSession session = new EchoSession();
        try (ScriptedConnection c = new ScriptedConnection(session, 1024)) {
            c.line();
            StringBuilder burst = new StringBuilder("SLOW\r\n");
            for (int i = 0; i < 200; i++) {
                burst.append("L").append(i).append("\r\n");
            }
            c.send(burst.toString());
            assertTrue(c.transport().paused(), "more than 1 KiB waits behind a slow command: stop reading");
            assertEquals("SLOW done", c.line());
            for (int i = 0; i < 200; i++) {
                assertEquals("ECHO L" + i, c.line());
            }
            assertFalse(c.transport().paused(), "caught up: reading again");
        }
    }

    @Test
    void refusedLinesReachTheSession() throws Exception {
        try (ScriptedConnection c = new ScriptedConnection(new EchoSession())) {
            c.line();
            c.send(("x".repeat(100) + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("REFUSED LINE_TOO_LONG", c.line());
            c.send(new byte[] {(byte) 0xFF, '\r', '\n'});
            assertEquals("REFUSED NOT_UTF8", c.line());
        }
    }

    @Test
    void theGateCapsPerClientAndInTotal() {
        ConnectionGate gate = new ConnectionGate(2, 3);
        assertEquals(null, gate.acquire("a"));
        assertEquals(null, gate.acquire("a"));
        assertEquals(ConnectionGate.Refusal.CLIENT_LIMIT, gate.acquire("a"));
        assertEquals(null, gate.acquire("b"));
        assertEquals(ConnectionGate.Refusal.SERVER_LIMIT, gate.acquire("c"));
        gate.release("a");
        assertEquals(null, gate.acquire("c"));
        assertEquals(3, gate.open());
    }

    @Test
    void trustedNetworksAreExemptFromThePerClientCapButNotFromTheTotal() {
        ConnectionGate gate = new ConnectionGate(1, 3, edu.hamburger.mail.core.net.IpNetworks.of("127.0.0.0/8"));
        assertEquals(null, gate.acquire("127.0.0.1"));
        assertEquals(null, gate.acquire("127.0.0.1"));
        assertEquals(null, gate.acquire("192.0.2.1"));
        assertEquals(ConnectionGate.Refusal.SERVER_LIMIT, gate.acquire("127.0.0.1"));
        gate.release("127.0.0.1");
        assertEquals(ConnectionGate.Refusal.CLIENT_LIMIT, gate.acquire("192.0.2.1"));
        assertEquals(null, gate.acquire("127.0.0.2"));
    }
}
