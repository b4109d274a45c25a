package edu.hamburger.mail.pop3.transport;

import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.Step;
import edu.hamburger.mail.line.Wire;
import edu.hamburger.mail.line.framing.Frame;
import edu.hamburger.mail.line.framing.Framer;
import edu.hamburger.mail.line.framing.LineFramer;
import edu.hamburger.mail.pop3.protocol.Pop3Outcome;
import edu.hamburger.mail.pop3.protocol.Pop3Protocol;
import edu.hamburger.mail.pop3.protocol.Pop3Reply;
import edu.hamburger.mail.pop3.protocol.Pop3Session;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * POP3 on the shared line transport: command lines and SASL lines, the autologout timer, and the
 * maildrop lease renewed while the session lasts.
 */
public final class Pop3LineSession implements LineSession {

    private static final Logger LOG = Logger.getLogger(Pop3LineSession.class);

    /** The transport's limits for POP3. */
    public record Limits(int maxCommandLine, int maxAuthLine, Duration idleTimeout, Duration leaseRenewal) {
    }

    private final Pop3Session session;
    private final Pop3Protocol protocol;
    private final Limits limits;
    private final LineFramer commandLines;
    private final LineFramer authLines;
    private Wire wire;
    private Function<String, Uni<Pop3Outcome>> sasl;

    public Pop3LineSession(Pop3Session session, Pop3Protocol protocol, Limits limits) {
        this.session = session;
        this.protocol = protocol;
        this.limits = limits;
        this.commandLines = new LineFramer(limits.maxCommandLine());
        this.authLines = new LineFramer(limits.maxAuthLine());
    }

    @Override
    public void opened(Wire wire) {
        this.wire = wire;
        write(protocol.greeting());
        wire.every(limits.leaseRenewal(), () -> protocol.renewLock(session).subscribe().with(
                held -> { }, e -> LOG.debugf("%s: lease renewal failed: %s", session.id(), e.toString())));
    }

    @Override
    public Framer framer() {
        return sasl != null ? authLines : commandLines;
    }

    @Override
    public Uni<Step> handle(Frame frame) {
        Function<String, Uni<Pop3Outcome>> exchange = sasl;
        sasl = null;
        if (frame instanceof Frame.Line line) {
            return (exchange != null ? exchange.apply(line.text()) : protocol.command(session, line.text())).map(this::apply);
        }
        if (frame instanceof Frame.Refused refused) {
            write(Pop3Reply.error(refused.reason() == Frame.Refusal.NOT_UTF8 ? "command line is not valid UTF-8 text" : "line too long"));
            return Uni.createFrom().item(Step.CONTINUE);
        }
        throw new IllegalStateException("POP3 reads lines only: " + frame);
    }

    private Step apply(Pop3Outcome outcome) {
        write(outcome.reply());
        return switch (outcome.next()) {
            case COMMAND -> Step.CONTINUE;
            case SASL_RESPONSE -> {
                sasl = outcome.saslResponse();
                yield Step.CONTINUE;
            }
            case START_TLS -> Step.START_TLS;
            case CLOSE -> Step.CLOSE;
        };
    }

    @Override
    public Step failed(Throwable failure) {
        write(Pop3Reply.error("[SYS/TEMP] internal error"));
        return Step.CONTINUE;
    }

    @Override
    public Duration timeout() {
        return limits.idleTimeout();
    }

    @Override
    public void timedOut() {
        write(Pop3Reply.error("autologout: idle too long"));
    }

    @Override
    public void tlsStarted() {
        session.tlsStarted();
    }

    @Override
    public void closed() {
        protocol.dropped(session).subscribe().with(v -> { }, e -> LOG.debugf("%s: %s", session.id(), e.toString()));
    }

    private void write(Pop3Reply reply) {
        wire.write(reply.toWire());
    }
}
