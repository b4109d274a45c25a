package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.address.AddressSyntaxException;
import edu.hamburger.mail.core.address.PathArgument;
import edu.hamburger.mail.core.address.SmtpPathParser;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.record.BodyType;
import edu.hamburger.mail.core.record.DsnReturn;
import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * MAIL FROM (RFC 5321 §4.1.1.2) with SIZE, BODY, SMTPUTF8, RET, ENVID and AUTH parameters. An
 * authenticated client may only send as an address that delivers to its own account (its own, or
 * an alias of it), as Postfix's reject_sender_login_mismatch does: a login is not a licence to
 * forge other people's mail.
 */
final class MailHandler implements CommandHandler {

    private final SmtpPolicy policy;
    private final Function<String, Uni<RecipientLookup>> directory;

    MailHandler(SmtpPolicy policy, Function<String, Uni<RecipientLookup>> directory) {
        this.policy = policy;
        this.directory = directory;
    }

    @Override
    public Uni<Outcome> handle(SmtpSession session, SmtpCommand command) {
        SmtpReply reply = mail(session, command);
        if (!reply.isPositive()) {
            return Uni.createFrom().item(Outcome.reply(reply));
        }
        if (session.listener().isSubmission() && session.reversePath().isNull()) {
            // a user sends mail from an address; the null sender is for bounces, which only servers make
            session.resetTransaction();
            return Uni.createFrom().item(Outcome.reply(SmtpReply.of(ReplyCode.MAILBOX_NAME_NOT_ALLOWED, EnhancedStatus.RELAY_DENIED,
                    "The null sender <> is not accepted for submission")));
        }
        if (!session.authenticated()) {
            return session.reversePath().isNull() ? Uni.createFrom().item(Outcome.reply(reply)) : ownDomainNeedsLogin(session, reply);
        }
        String sender = session.reversePath().mailbox().toString();
        long account = session.account().accountId();
        return directory.apply(sender)
                .map(lookup -> {
                    if (lookup.reaches(account)) {
                        return Outcome.reply(reply);
                    }
                    session.resetTransaction();
                    return Outcome.reply(SmtpReply.of(ReplyCode.MAILBOX_NAME_NOT_ALLOWED, EnhancedStatus.RELAY_DENIED,
                            sender + "... Sender address not owned by " + session.account().address()));
                })
                .onFailure().recoverWithItem(e -> {
                    session.resetTransaction();
                    return Outcome.reply(Replies.TRY_LATER);
                });
    }

    /**
     * Port 25 without login: an envelope sender in one of our own domains is refused (550 5.7.1).
     * Mail from our users reaches us by submission, authenticated; a stranger claiming to be one
     * of them is forging. (SPF and DMARC, which judge other domains too, come later.)
     */
    private Uni<Outcome> ownDomainNeedsLogin(SmtpSession session, SmtpReply reply) {
        String sender = session.reversePath().mailbox().toString();
        return directory.apply(sender)
                .map(lookup -> {
                    if (lookup.status() == RecipientLookup.Status.NOT_LOCAL_DOMAIN) {
                        return Outcome.reply(reply);
                    }
                    session.resetTransaction();
                    return Outcome.reply(SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.RELAY_DENIED,
                            sender + "... Sender address in a local domain: authenticate (submission) first"));
                })
                .onFailure().recoverWithItem(e -> {
                    session.resetTransaction();
                    return Outcome.reply(Replies.TRY_LATER);
                });
    }

    private SmtpReply mail(SmtpSession session, SmtpCommand command) {
        if (session.phase() == SmtpSession.Phase.CONNECTED) {
            return Replies.NEED_HELO;
        }
        if (session.phase() != SmtpSession.Phase.GREETED) {
            return Replies.NESTED_MAIL;
        }
        if (session.listener().authRequired() && !session.authenticated()) {
            return SmtpReply.of(ReplyCode.AUTH_REQUIRED, EnhancedStatus.AUTH_REQUIRED, "Authentication required");
        }
        String argument = command.after("FROM:");
        if (argument == null) {
            return Replies.syntax("Syntax: MAIL FROM:<address>");
        }
        PathArgument path;
        try {
            path = SmtpPathParser.parseReversePath(argument);
        } catch (AddressSyntaxException e) {
            return SmtpReply.of(ReplyCode.PARAMETER_SYNTAX_ERROR, EnhancedStatus.BAD_SENDER_SYNTAX, "Bad sender address: " + e.getMessage());
        }
        BodyType body = null;
        boolean utf8 = false;
        DsnReturn ret = null;
        String envid = null;
        for (Map.Entry<String, String> parameter : path.parameters().entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "SIZE" -> {
                    long size;
                    try {
                        size = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return Replies.syntax("SIZE needs a number");
                    }
                    if (size > policy.maxMessageSize()) {
                        return SmtpReply.of(ReplyCode.EXCEEDED_STORAGE, EnhancedStatus.MESSAGE_TOO_BIG,
                                "Message size exceeds fixed maximum message size of " + policy.maxMessageSize());
                    }
                }
                case "BODY" -> {
                    try {
                        body = BodyType.fromKeyword(value);
                    } catch (IllegalArgumentException e) {
                        return Replies.badParameter("BODY must be 7BIT or 8BITMIME");
                    }
                }
                case "SMTPUTF8" -> {
                    if (!value.isEmpty()) {
                        return Replies.syntax("SMTPUTF8 takes no value");
                    }
                    utf8 = true;
                }
                case "RET" -> {
                    try {
                        ret = DsnReturn.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        return Replies.syntax("RET must be FULL or HDRS");
                    }
                }
                case "ENVID" -> {
                    if (value.isEmpty() || value.length() > 100) {
                        return Replies.syntax("ENVID must be 1 to 100 characters of xtext");
                    }
                    envid = value;
                }
                case "AUTH" -> { } // RFC 4954 §5: the identity of an earlier submitter; we keep our own
                default -> {
                    return Replies.badParameter("Unsupported MAIL parameter " + parameter.getKey());
                }
            }
        }
        if (path.path().mailbox() != null && !path.path().mailbox().isAscii() && !utf8) {
            return SmtpReply.of(ReplyCode.MAILBOX_NAME_NOT_ALLOWED, EnhancedStatus.NEEDS_SMTPUTF8,
                    "A UTF-8 address needs the SMTPUTF8 parameter");
        }
        session.startTransaction(path.path(), body, utf8, ret, envid);
        String shown = path.path().isNull() ? "<>" : path.path().mailbox().toString();
        return SmtpReply.of(ReplyCode.OK, EnhancedStatus.SENDER_OK, shown + "... Sender ok");
    }
}
