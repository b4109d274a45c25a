package edu.hamburger.mail.line.testing;

import edu.hamburger.mail.line.ConnectionGate;
import edu.hamburger.mail.line.ConnectionInfo;
import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.SessionFactory;
import edu.hamburger.mail.line.Step;
import edu.hamburger.mail.line.Wire;
import edu.hamburger.mail.line.framing.Frame;
import edu.hamburger.mail.line.framing.Framer;
import edu.hamburger.mail.line.framing.LineFramer;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A minimal line protocol for tests of the real listeners: a greeting line, then one answer per line. */
public final class LineSessions {

    private LineSessions() {
    }

    /**
     * @param greeting what the server says first to a connection
     * @param onLine   answers a line through the wire and says what comes next
     */
    public static SessionFactory of(Function<ConnectionInfo, String> greeting, BiFunction<Wire, String, Step> onLine) {
        return new SessionFactory() {
            @Override
            public LineSession open(ConnectionInfo connection) {
                return new LineSession() {
                    private Wire wire;

                    @Override
                    public void opened(Wire wire) {
                        this.wire = wire;
                        write(wire, greeting.apply(connection));
                    }

                    @Override
                    public Framer framer() {
                        return new LineFramer(512);
                    }

                    @Override
                    public Uni<Step> handle(Frame frame) {
                        return Uni.createFrom().item(onLine.apply(wire, frame instanceof Frame.Line line ? line.text() : ""));
                    }

                    @Override
                    public Step failed(Throwable failure) {
                        return Step.CLOSE;
                    }

                    @Override
                    public Duration timeout() {
                        return Duration.ofSeconds(30);
                    }

                    @Override
                    public void timedOut() {
                    }

                    @Override
                    public void tlsStarted() {
                    }

                    @Override
                    public void closed() {
                    }
                };
            }

            @Override
            public byte[] refusal(ConnectionGate.Refusal why) {
                return "busy\r\n".getBytes(StandardCharsets.US_ASCII);
            }
        };
    }

    public static void write(Wire wire, String line) {
        wire.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
