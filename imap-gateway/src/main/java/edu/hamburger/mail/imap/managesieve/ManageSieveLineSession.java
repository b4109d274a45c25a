package edu.hamburger.mail.imap.managesieve;

import edu.hamburger.mail.line.LineSession;
import edu.hamburger.mail.line.Step;
import edu.hamburger.mail.line.Wire;
import edu.hamburger.mail.line.framing.Frame;
import edu.hamburger.mail.line.framing.Framer;
import edu.hamburger.mail.line.framing.LiteralCommandFramer;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * ManageSieve on the shared line transport: whole commands with their literals (a script is a
 * literal, bounded by the largest script a store takes; before login literals stay small), the
 * SASL continuation, the capability list again after STARTTLS, and the idle timer.
 */
public final class ManageSieveLineSession implements LineSession {

    /** The transport's limits for ManageSieve. */
    public record Limits(int maxLine, int maxScript, int maxLiteralBeforeLogin, Duration idleTimeout) {
    }

    private final ManageSieveSession session;
    private final ManageSieveProtocol protocol;
    private final Limits limits;
    private final LiteralCommandFramer commands;
    private Wire wire;
    private Function<byte[], Uni<ManageSieveProtocol.Outcome>> continuation;

    ManageSieveLineSession(ManageSieveSession session, ManageSieveProtocol protocol, Limits limits) {
        this.session = session;
        this.protocol = protocol;
        this.limits = limits;
        // clients send {n+} (RFC 5804 §4); a {n} is read the same way: ManageSieve has no "+" go-ahead to write
        this.commands = new LiteralCommandFramer(limits.maxLine(), limits.maxScript() + limits.maxLine() * 2, this::literalLimit, size -> { });
    }

    private long literalLimit(byte[] commandSoFar) {
        return session.account() == null && continuation == null ? limits.maxLiteralBeforeLogin() : limits.maxScript();
    }

    @Override
    public void opened(Wire wire) {
        this.wire = wire;
        write(protocol.greeting(session));
    }

    @Override
    public Framer framer() {
        return commands;
    }

    @Override
    public Uni<Step> handle(Frame frame) {
        if (frame instanceof Frame.Refused refused) {
            String why = switch (refused.reason()) {
                case LINE_TOO_LONG -> "line too long";
                case NOT_UTF8 -> "command line is not valid UTF-8 text";
                case COMMAND_TOO_LONG, LITERAL_TOO_BIG -> "too big: " + refused.detail();
                case NO_MEMORY -> "no room for it now, try again later";
            };
            write(refused.fatal() ? SieveReply.bye("QUOTA/MAXSIZE", why) : SieveReply.no(
                    refused.reason() == Frame.Refusal.LITERAL_TOO_BIG ? "QUOTA/MAXSIZE" : null, why));
            return Uni.createFrom().item(refused.fatal() ? Step.CLOSE : Step.CONTINUE);
        }
        byte[] bytes = ((Frame.Command) frame).bytes();
        Function<byte[], Uni<ManageSieveProtocol.Outcome>> pending = continuation;
        continuation = null;
        Uni<ManageSieveProtocol.Outcome> outcome = pending != null ? pending.apply(bytes) : protocol.command(session, bytes);
        return outcome.map(this::apply).onTermination().invoke(commands::release);
    }

    private Step apply(ManageSieveProtocol.Outcome outcome) {
        write(outcome.reply());
        return switch (outcome.next()) {
            case COMMAND -> Step.CONTINUE;
            case CONTINUATION -> {
                continuation = outcome.continuation();
                yield Step.CONTINUE;
            }
            case START_TLS -> Step.START_TLS;
            case CLOSE -> Step.CLOSE;
        };
    }

    @Override
    public Step failed(Throwable failure) {
        write(SieveReply.no("TRYLATER", "internal error, try again later"));
        return Step.CONTINUE;
    }

    @Override
    public Duration timeout() {
        return limits.idleTimeout();
    }

    @Override
    public void timedOut() {
        write(SieveReply.bye(null, "idle too long"));
    }

    /** RFC 5804 §2.2: after TLS the server sends its capabilities again, then OK. */
    @Override
    public void tlsStarted() {
        session.tlsStarted();
        write(protocol.greeting(session));
    }

    @Override
    public void closed() {
    }

    private void write(String text) {
        wire.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
