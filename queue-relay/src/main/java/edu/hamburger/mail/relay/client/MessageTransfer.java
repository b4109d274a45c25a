package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.relay.RelayConfig;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One mail transaction on an open session (RFC 5321 §3.3): MAIL, a RCPT per recipient, DATA and
 * the dot-stuffed message, pipelined when the server offers PIPELINING (RFC 2920). Before sending
 * anything it checks what the server must support for this message: its SIZE limit, 8BITMIME for
 * 8-bit content (RFC 6152) and SMTPUTF8 for internationalised addresses or headers (RFC 6531).
 * A message the server cannot take is failed here, as Postfix does; it is not converted.
 */
public final class MessageTransfer {

    private final RelayConfig.Timeouts timeouts;

    public MessageTransfer(RelayConfig.Timeouts timeouts) {
        this.timeouts = timeouts;
    }

    public Future<TransferResult> transfer(ClientSession session, Envelope envelope, byte[] message) {
        SmtpClientConnection connection = session.connection();
        ServerCapabilities server = session.capabilities();
        MessageTraits traits = MessageTraits.of(envelope, message);
        SmtpReply refusal = preflight(server, traits, message.length, connection.peer());
        if (refusal != null) {
            return Future.succeededFuture(allRecipients(envelope, refusal, "MAIL FROM", connection.peer()));
        }
        String mail = mailCommand(envelope, server, traits, message.length);
        List<String> rcpts = envelope.recipients().stream().map(r -> rcptCommand(r, server)).toList();
        Attempt attempt = new Attempt(envelope, connection);
        Future<Void> done = server.pipelining()
                ? pipelined(attempt, mail, rcpts, message)
                : stepwise(attempt, mail, rcpts, message);
        return done.transform(ar -> {
            if (ar.failed()) {
                attempt.lostConnection(ar.cause());
            }
            session.transactionDone();
            return Future.succeededFuture(attempt.result());
        });
    }

    private SmtpReply preflight(ServerCapabilities server, MessageTraits traits, int size, String peer) {
        if (server.maxSize() > 0 && size > server.maxSize()) {
            return SmtpReply.of(552, "5.3.4", "message size " + size + " exceeds the limit of " + server.maxSize()
                    + " bytes announced by " + peer);
        }
        if (traits.needsSmtpUtf8() && !server.smtpUtf8()) {
            return SmtpReply.of(553, "5.6.7", "SMTPUTF8 is required, but was not offered by " + peer);
        }
        if (traits.eightBit() && !server.eightBitMime()) {
            return SmtpReply.of(554, "5.6.3", "8-bit content, but " + peer + " does not offer 8BITMIME"
                    + " and this relay does not convert messages to 7 bit");
        }
        return null;
    }

    static String mailCommand(Envelope envelope, ServerCapabilities server, MessageTraits traits, int size) {
        StringBuilder command = new StringBuilder("MAIL FROM:").append(envelope.reversePath());
        if (server.has("SIZE")) {
            command.append(" SIZE=").append(size);
        }
        if (traits.eightBit()) {
            command.append(" BODY=8BITMIME");
        }
        if (traits.needsSmtpUtf8()) {
            command.append(" SMTPUTF8");
        }
        if (server.dsn()) {
            if (envelope.dsnReturn() != null) {
                command.append(" RET=").append(envelope.dsnReturn().name());
            }
            if (envelope.dsnEnvelopeId() != null) {
                command.append(" ENVID=").append(envelope.dsnEnvelopeId());
            }
        }
        return command.toString();
    }

    static String rcptCommand(EnvelopeRecipient recipient, ServerCapabilities server) {
        StringBuilder command = new StringBuilder("RCPT TO:").append(SmtpPath.of(recipient.address()));
        if (server.dsn()) {
            if (!recipient.notifyOn().isEmpty()) {
                command.append(" NOTIFY=").append(recipient.notifyOn().stream().sorted().map(Enum::name)
                        .map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.joining(",")));
            }
            if (recipient.originalRecipient() != null) {
                command.append(" ORCPT=").append(recipient.originalRecipient());
            }
        }
        return command.toString();
    }

    /** RFC 2920: MAIL, every RCPT and DATA in one write, then the replies in order. */
    private Future<Void> pipelined(Attempt attempt, String mail, List<String> rcpts, byte[] message) {
        SmtpClientConnection connection = attempt.connection;
        connection.send(mail);
        rcpts.forEach(connection::send);
        connection.send("DATA");
        Future<Void> chain = connection.readReply(timeouts.envelope()).map(reply -> {
            attempt.mailReply = reply;
            return null;
        });
        for (int i = 0; i < rcpts.size(); i++) {
            int index = i;
            chain = chain.compose(v -> connection.readReply(timeouts.envelope())).map(reply -> {
                attempt.rcptReply(index, reply);
                return null;
            });
        }
        return chain.compose(v -> connection.readReply(timeouts.dataInit())).compose(dataReply -> {
            if (attempt.mailReply.code() != 250) {
                attempt.failAll(attempt.mailReply, "MAIL FROM");
                return dataReply.code() == 354 ? abortData(connection) : Future.succeededFuture();
            }
            if (dataReply.code() != 354) {
                attempt.finishAccepted(dataReply, "DATA");
                return Future.succeededFuture();
            }
            if (!attempt.anyAccepted()) { // RFC 2920 §3.1: a server that said 354 anyway gets an empty message
                return abortData(connection);
            }
            return sendData(attempt, message);
        });
    }

    private Future<Void> stepwise(Attempt attempt, String mail, List<String> rcpts, byte[] message) {
        SmtpClientConnection connection = attempt.connection;
        Future<Void> chain = connection.command(mail, timeouts.envelope()).map(reply -> {
            attempt.mailReply = reply;
            return null;
        });
        for (int i = 0; i < rcpts.size(); i++) {
            int index = i;
            chain = chain.compose(v -> attempt.mailReply.code() != 250 ? Future.succeededFuture()
                    : connection.command(rcpts.get(index), timeouts.envelope()).map(reply -> {
                        attempt.rcptReply(index, reply);
                        return null;
                    }));
        }
        return chain.compose(v -> {
            if (attempt.mailReply.code() != 250) {
                attempt.failAll(attempt.mailReply, "MAIL FROM");
                return reset(connection);
            }
            if (!attempt.anyAccepted()) {
                return reset(connection);
            }
            return connection.command("DATA", timeouts.dataInit()).compose(dataReply -> {
                if (dataReply.code() != 354) {
                    attempt.finishAccepted(dataReply, "DATA");
                    return Future.succeededFuture();
                }
                return sendData(attempt, message);
            });
        });
    }

    private Future<Void> sendData(Attempt attempt, byte[] message) {
        SmtpClientConnection connection = attempt.connection;
        attempt.dataSent = true;
        return connection.writeMessage(message, timeouts.dataBlock())
                .compose(v -> connection.readReply(timeouts.dataDone()))
                .map(finalReply -> {
                    attempt.finishAccepted(finalReply, "end of DATA");
                    return null;
                });
    }

    private Future<Void> abortData(SmtpClientConnection connection) {
        connection.send(".");
        return connection.readReply(timeouts.dataDone()).mapEmpty();
    }

    private Future<Void> reset(SmtpClientConnection connection) {
        return connection.command("RSET", timeouts.command()).mapEmpty();
    }

    /** The replies of one transaction as they arrive. */
    private static final class Attempt {
        final Envelope envelope;
        final SmtpClientConnection connection;
        final SmtpReply[] rcptReplies;
        final RecipientReply[] decided;
        SmtpReply mailReply;
        boolean dataSent;

        Attempt(Envelope envelope, SmtpClientConnection connection) {
            this.envelope = envelope;
            this.connection = connection;
            this.rcptReplies = new SmtpReply[envelope.recipients().size()];
            this.decided = new RecipientReply[envelope.recipients().size()];
        }

        void rcptReply(int index, SmtpReply reply) {
            rcptReplies[index] = reply;
            if (reply.code() >= 300) { // refused at RCPT: decided now, whatever DATA says
                decided[index] = new RecipientReply(envelope.recipients().get(index), reply, "RCPT TO");
            }
        }

        boolean anyAccepted() {
            for (SmtpReply reply : rcptReplies) {
                if (reply != null && reply.code() < 300) {
                    return true;
                }
            }
            return false;
        }

        void failAll(SmtpReply reply, String command) {
            for (int i = 0; i < decided.length; i++) {
                decided[i] = new RecipientReply(envelope.recipients().get(i), reply, command);
            }
        }

        /** The DATA or end-of-data reply decides every recipient RCPT accepted. */
        void finishAccepted(SmtpReply reply, String command) {
            for (int i = 0; i < decided.length; i++) {
                if (decided[i] == null && rcptReplies[i] != null && rcptReplies[i].code() < 300) {
                    decided[i] = new RecipientReply(envelope.recipients().get(i), reply, command);
                }
            }
        }

        /**
         * The connection broke: every recipient without a final answer is deferred. If it broke
         * after the final "." but before the reply, the server may have the message; a retry may
         * then duplicate it (RFC 1047), which is better than losing it.
         */
        void lostConnection(Throwable cause) {
            String stage = dataSent ? "while sending message data" : "during the mail transaction";
            SmtpReply deferral = SmtpReply.of(451, cause.getMessage() != null && cause.getMessage().startsWith("timeout")
                    ? "4.4.2" : "4.4.1", "lost connection with " + connection.peer() + " " + stage + ": " + cause.getMessage());
            for (int i = 0; i < decided.length; i++) {
                if (decided[i] == null) {
                    decided[i] = new RecipientReply(envelope.recipients().get(i), deferral, dataSent ? "end of DATA" : "RCPT TO");
                }
            }
        }

        TransferResult result() {
            for (int i = 0; i < decided.length; i++) {
                if (decided[i] == null) { // every RCPT refused and no DATA: already decided above; defensive
                    decided[i] = new RecipientReply(envelope.recipients().get(i),
                            SmtpReply.of(451, "4.4.0", "no reply for this recipient from " + connection.peer()), "RCPT TO");
                }
            }
            return new TransferResult(List.of(decided), connection.peer());
        }
    }

    static TransferResult allRecipients(Envelope envelope, SmtpReply reply, String command, String remoteMta) {
        List<RecipientReply> replies = new ArrayList<>();
        for (EnvelopeRecipient recipient : envelope.recipients()) {
            replies.add(new RecipientReply(recipient, reply, command));
        }
        return new TransferResult(replies, remoteMta);
    }
}
