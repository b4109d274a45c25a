package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.line.LineMetrics;
import edu.hamburger.mail.line.framing.DataReader;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.message.LineEndings;
import edu.hamburger.mail.line.sasl.PasswordCheck;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.core.trace.MessageTrace;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The SMTP server's protocol room: one table from verb to handler, the session limits, and what
 * happens when message data is complete. It sees lines and bytes, never a socket; its ports to
 * the outside (recipient lookup, password check, the queue) are functions given to it.
 */
public final class SmtpProtocol {

    /** Commands that count toward the limit on commands outside a mail transaction. */
    private static final Set<String> IDLE_COMMANDS = Set.of("NOOP", "RSET", "VRFY", "EXPN", "HELP", "HELO", "EHLO");

    private final SmtpPolicy policy;
    private final Map<String, CommandHandler> handlers = new HashMap<>();
    private final MessageAcceptance acceptance;
    private volatile LineMetrics.CommandMeter commands = LineMetrics.CommandMeter.NONE;

    public SmtpProtocol(SmtpPolicy policy,
                        Function<String, Uni<RecipientLookup>> recipients,
                        PasswordCheck passwords,
                        Function<List<QueuedRecord>, Uni<Void>> queue) {
        this(policy, recipients, passwords, queue, MasterUser.NONE);
    }

    /** @param master the webmail's credential for submitting on behalf of an account, or {@link MasterUser#NONE} */
    public SmtpProtocol(SmtpPolicy policy,
                        Function<String, Uni<RecipientLookup>> recipients,
                        PasswordCheck passwords,
                        Function<List<QueuedRecord>, Uni<Void>> queue,
                        MasterUser master) {
        this(policy, recipients, passwords, queue, master, InboundCheck.NONE);
    }

    /** @param inbound SPF, DKIM and DMARC for mail from the internet (MX port, not authenticated) */
    public SmtpProtocol(SmtpPolicy policy,
                        Function<String, Uni<RecipientLookup>> recipients,
                        PasswordCheck passwords,
                        Function<List<QueuedRecord>, Uni<Void>> queue,
                        MasterUser master,
                        InboundCheck inbound) {
        this(policy, recipients, passwords, queue, master, inbound, MessageTrace::untraced);
    }

    /** @param traces opens the trace of an accepted message by its queue id (OpenTelemetry in the service) */
    public SmtpProtocol(SmtpPolicy policy,
                        Function<String, Uni<RecipientLookup>> recipients,
                        PasswordCheck passwords,
                        Function<List<QueuedRecord>, Uni<Void>> queue,
                        MasterUser master,
                        InboundCheck inbound,
                        Function<String, MessageTrace> traces) {
        this.policy = policy;
        this.acceptance = new MessageAcceptance(policy, queue, new AuthorCheck(recipients), inbound, traces);
        handlers.put("HELO", new GreetingHandler(policy, false));
        handlers.put("EHLO", new GreetingHandler(policy, true));
        handlers.put("MAIL", new MailHandler(policy, recipients));
        handlers.put("RCPT", new RcptHandler(policy, recipients));
        handlers.put("DATA", SimpleHandlers.data());
        handlers.put("BDAT", new BdatHandler());
        handlers.put("RSET", SimpleHandlers.rset());
        handlers.put("NOOP", SimpleHandlers.noop());
        handlers.put("QUIT", SimpleHandlers.quit(policy));
        handlers.put("VRFY", SimpleHandlers.vrfy());
        handlers.put("EXPN", SimpleHandlers.expn());
        handlers.put("HELP", SimpleHandlers.help());
        handlers.put("STARTTLS", SimpleHandlers.startTls());
        handlers.put("AUTH", new AuthHandler(policy, passwords, master, recipients));
    }

    /** Counts every command by verb and reply class, and each message's final reply as "MESSAGE". */
    public void measure(LineMetrics metrics) {
        Set<String> verbs = new HashSet<>(handlers.keySet());
        verbs.add(MESSAGE);
        this.commands = metrics.commands(verbs);
    }

    /** The verb under which the reply to a whole message (end of DATA, last BDAT chunk) is counted. */
    static final String MESSAGE = "MESSAGE";

    public SmtpPolicy policy() {
        return policy;
    }

    public SmtpReply greeting() {
        return SmtpReply.of(ReplyCode.SERVICE_READY, policy.hostname() + " ESMTP mail-platform ready");
    }

    /** One command line (CRLF removed). */
    public Uni<Outcome> command(SmtpSession session, String line) {
        SmtpCommand command = SmtpCommand.parse(line);
        return dispatch(session, command).invoke(outcome -> count(command.verb(), outcome));
    }

    private Uni<Outcome> dispatch(SmtpSession session, SmtpCommand command) {
        CommandHandler handler = handlers.get(command.verb());
        if (handler == null) {
            return Uni.createFrom().item(countErrors(session, Outcome.reply(SmtpReply.of(ReplyCode.SYNTAX_ERROR,
                    EnhancedStatus.SYNTAX, "Command unrecognized: " + printable(command.verb())))));
        }
        if (IDLE_COMMANDS.contains(command.verb()) && session.phase() != SmtpSession.Phase.MAIL
                && session.phase() != SmtpSession.Phase.RCPT
                && session.countCommandBeforeMail() > policy.maxCommandsBeforeMail()) {
            return Uni.createFrom().item(Outcome.close(SmtpReply.of(ReplyCode.SERVICE_NOT_AVAILABLE, "4.7.0",
                    policy.hostname() + " too many commands without mail, closing connection")));
        }
        return handler.handle(session, command).map(outcome -> countErrors(session, outcome));
    }

    /** A reply for a line the transport refused before parsing (too long, not UTF-8). */
    public Outcome refusedLine(SmtpSession session, String why) {
        return countErrors(session, Outcome.reply(SmtpReply.of(ReplyCode.SYNTAX_ERROR, EnhancedStatus.SYNTAX, why)));
    }

    /** The end of DATA. */
    public Uni<Outcome> data(SmtpSession session, DataReader reader) {
        if (reader.overMemory() && !reader.tooBig()) {
            session.resetTransaction();
            return reply(session, Replies.NO_MEMORY);
        }
        return acceptance.accept(session, reader.message(), reader.tooBig(), reader.bareLineEnding())
                .map(reply -> countErrors(session, Outcome.reply(reply)))
                .invoke(outcome -> count(MESSAGE, outcome));
    }

    /**
     * A BDAT chunk the process had no memory to keep: the transaction fails (RFC 3030 §3); chunks
     * the client pipelined after it are read and refused, and it may try again later.
     */
    public Uni<Outcome> chunkWithoutMemory(SmtpSession session, boolean last) {
        session.failChunking();
        if (last) {
            session.resetTransaction();
        }
        return reply(session, Replies.NO_MEMORY);
    }

    /** A BDAT chunk has been read in full ({@code overflow}: octets beyond the size limit were dropped). */
    public Uni<Outcome> chunk(SmtpSession session, byte[] chunk, boolean last, boolean overflow) {
        if (session.chunkingFailed()) {
            if (last) {
                session.resetTransaction();
            }
            return reply(session, Replies.NEED_RCPT);
        }
        if (session.phase() != SmtpSession.Phase.RCPT) {
            session.failChunking();
            return reply(session, session.phase() == SmtpSession.Phase.MAIL ? Replies.NEED_RCPT : Replies.NEED_MAIL);
        }
        session.appendChunk(chunk, overflow, policy.maxMessageSize());
        if (!last) {
            return reply(session, SmtpReply.of(ReplyCode.OK, "2.0.0", chunk.length + " octets received"));
        }
        // BDAT content is taken as is (no dot-stuffing), but lines must still end in CRLF, as in
        // DATA: a bare CR or LF would reach the relay and, after it, receivers that end lines there
        byte[] message = session.chunkedMessage();
        return acceptance.accept(session, message, session.chunksTooBig(), LineEndings.hasBare(message))
                .map(reply -> countErrors(session, Outcome.reply(reply)))
                .invoke(outcome -> count(MESSAGE, outcome));
    }

    private void count(String verb, Outcome outcome) {
        commands.count(verb, outcome.reply() == null ? "none" : (outcome.reply().code() / 100) + "xx");
    }

    private Uni<Outcome> reply(SmtpSession session, SmtpReply reply) {
        return Uni.createFrom().item(countErrors(session, Outcome.reply(reply)));
    }

    /** Every 5xx counts; past the limit the session ends with 421 (Postfix's smtpd_hard_error_limit). */
    private Outcome countErrors(SmtpSession session, Outcome outcome) {
        if (outcome.reply() != null && outcome.reply().isPermanentFailure() && outcome.next() != Outcome.Next.CLOSE
                && session.countError() >= policy.maxErrors()) {
            return Outcome.close(SmtpReply.of(ReplyCode.SERVICE_NOT_AVAILABLE, "4.7.0",
                    policy.hostname() + " too many errors, closing connection"));
        }
        return outcome;
    }

    private static String printable(String verb) {
        String cut = verb.length() > 20 ? verb.substring(0, 20) : verb;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
