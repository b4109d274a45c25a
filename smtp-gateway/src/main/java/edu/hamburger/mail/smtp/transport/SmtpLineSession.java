package edu.hamburger.mail.smtp.transport;

import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.MessageMemory;
import edu.hamburger.mail.line.Step;
import edu.hamburger.mail.line.Wire;
import edu.hamburger.mail.line.framing.CountedFramer;
import edu.hamburger.mail.line.framing.DataFramer;
import edu.hamburger.mail.line.framing.Frame;
import edu.hamburger.mail.line.framing.Framer;
import edu.hamburger.mail.line.framing.LineFramer;
import edu.hamburger.mail.smtp.protocol.Outcome;
import edu.hamburger.mail.smtp.protocol.SaslExchange;
import edu.hamburger.mail.smtp.protocol.SmtpProtocol;
import edu.hamburger.mail.smtp.protocol.SmtpSession;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * SMTP on the shared line transport: which framer reads next (a command line, an AUTH line, DATA
 * up to CRLF.CRLF, a BDAT chunk by count), and the protocol's outcomes turned into transport
 * steps. The protocol never sees bytes it did not ask for.
 */
public final class SmtpLineSession implements LineSession {

    /** The transport's limits for SMTP. */
    public record Limits(int maxCommandLine, int maxAuthLine, Duration commandTimeout, Duration dataTimeout, int maxMessageSize) {
    }

    private final SmtpSession session;
    private final SmtpProtocol protocol;
    private final Limits limits;
    private final LineFramer commandLines;
    private final LineFramer authLines;
    private final MessageMemory memory;
    /** The current message's share of the process's message memory, while its octets are held. */
    private MessageMemory.Lease held;
    private long chunkedOctets;
    private Wire wire;
    private Framer framer;
    private SaslExchange sasl;
    private boolean lastChunk;

    public SmtpLineSession(SmtpSession session, SmtpProtocol protocol, Limits limits, MessageMemory memory) {
        this.memory = memory;
        this.session = session;
        this.protocol = protocol;
        this.limits = limits;
        this.commandLines = new LineFramer(limits.maxCommandLine());
        this.authLines = new LineFramer(limits.maxAuthLine());
        this.framer = commandLines;
    }

    @Override
    public void opened(Wire wire) {
        this.wire = wire;
        write(protocol.greeting());
    }

    @Override
    public Framer framer() {
        return framer;
    }

    @Override
    public Uni<Step> handle(Frame frame) {
        SaslExchange exchange = sasl;
        sasl = null;
        framer = commandLines;
        Uni<Outcome> outcome;
        if (frame instanceof Frame.Line line) {
            outcome = exchange != null ? exchange.respond(line.text()) : protocol.command(session, line.text());
        } else if (frame instanceof Frame.Refused refused) {
            outcome = Uni.createFrom().item(protocol.refusedLine(session, why(refused)));
        } else if (frame instanceof Frame.Data data) {
            outcome = protocol.data(session, data.reader());
        } else if (frame instanceof Frame.Octets chunk) {
            outcome = held != null && held.refused() ? protocol.chunkWithoutMemory(session, lastChunk)
                    : protocol.chunk(session, chunk.bytes(), lastChunk, chunk.overflow());
        } else {
            throw new IllegalStateException("SMTP has no literals: " + frame);
        }
        return outcome.map(this::apply);
    }

    private static String why(Frame.Refused refused) {
        return switch (refused.reason()) {
            case NOT_UTF8 -> "Command line is not valid UTF-8 text";
            default -> Character.toUpperCase(refused.detail().charAt(0)) + refused.detail().substring(1);
        };
    }

    private Step apply(Outcome outcome) {
        if (outcome.reply() != null) {
            write(outcome.reply());
        }
        if (outcome.next() != Outcome.Next.DATA && outcome.next() != Outcome.Next.BDAT_CHUNK && !session.chunksPending()) {
            release(); // the message was queued or refused: its octets are no longer held here
        }
        return switch (outcome.next()) {
            case COMMAND -> Step.CONTINUE;
            case SASL_RESPONSE -> {
                sasl = outcome.sasl();
                framer = authLines;
                yield Step.CONTINUE;
            }
            case DATA -> {
                release();
                held = memory.lease();
                framer = new DataFramer(limits.maxMessageSize(), held);
                yield Step.CONTINUE;
            }
            case BDAT_CHUNK -> {
                if (held == null) {
                    held = memory.lease();
                }
                chunkedOctets += outcome.chunkSize();
                boolean room = held.cover(Math.min(chunkedOctets, limits.maxMessageSize()));
                framer = new CountedFramer(outcome.chunkSize(), room ? limits.maxMessageSize() : 0);
                lastChunk = outcome.lastChunk();
                yield Step.CONTINUE;
            }
            case START_TLS -> Step.START_TLS;
            case CLOSE -> Step.CLOSE;
        };
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
        chunkedOctets = 0;
    }

    @Override
    public Step failed(Throwable failure) {
        release();
        framer = commandLines;
        write(SmtpReply.of(451, "4.3.0", "Local error in processing"));
        return Step.CONTINUE;
    }

    @Override
    public Duration timeout() {
        return framer instanceof DataFramer || framer instanceof CountedFramer ? limits.dataTimeout() : limits.commandTimeout();
    }

    @Override
    public void timedOut() {
        write(SmtpReply.of(421, "4.4.2", protocol.policy().hostname() + " timeout exceeded, closing connection"));
    }

    @Override
    public void tlsStarted() {
        session.tlsStarted();
    }

    @Override
    public void closed() {
        release();
    }

    private void write(SmtpReply reply) {
        wire.write(reply.toWire(session.esmtp()));
    }
}
