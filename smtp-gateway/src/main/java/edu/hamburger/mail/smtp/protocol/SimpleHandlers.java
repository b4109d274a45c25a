package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** The commands that only answer: RSET, NOOP, QUIT, VRFY, EXPN, HELP, DATA, STARTTLS. */
final class SimpleHandlers {

    private SimpleHandlers() {
    }

    static CommandHandler rset() {
        return (session, command) -> {
            session.resetTransaction();
            return done(Replies.OK);
        };
    }

    static CommandHandler noop() {
        return (session, command) -> done(Replies.OK);
    }

    static CommandHandler quit(SmtpPolicy policy) {
        return (session, command) -> Uni.createFrom().item(Outcome.close(
                SmtpReply.of(ReplyCode.CLOSING, EnhancedStatus.CLOSING, policy.hostname() + " closing connection")));
    }

    /** RFC 5321 §3.5.3: 252 rather than confirming which users exist. */
    static CommandHandler vrfy() {
        return (session, command) -> done(SmtpReply.of(ReplyCode.CANNOT_VERIFY, EnhancedStatus.CANNOT_VERIFY,
                "Cannot VRFY user, but will accept message and attempt delivery"));
    }

    static CommandHandler expn() {
        return (session, command) -> done(SmtpReply.of(ReplyCode.NOT_IMPLEMENTED, "5.5.1", "EXPN is not available"));
    }

    static CommandHandler help() {
        return (session, command) -> done(new SmtpReply(ReplyCode.HELP, "2.0.0", List.of(
                "Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH",
                "See RFC 5321; this server follows it")));
    }

    static CommandHandler data() {
        return (session, command) -> {
            if (!command.argument().isBlank()) {
                return done(Replies.syntax("DATA takes no argument"));
            }
            if (session.phase() != SmtpSession.Phase.RCPT) {
                return done(session.phase() == SmtpSession.Phase.MAIL ? Replies.NEED_RCPT : Replies.NEED_MAIL);
            }
            return Uni.createFrom().item(Outcome.then(SmtpReply.of(ReplyCode.START_MAIL_INPUT,
                    "Enter mail, end with \".\" on a line by itself"), Outcome.Next.DATA));
        };
    }

    static CommandHandler startTls() {
        return (session, command) -> {
            if (!command.argument().isBlank()) {
                return done(Replies.syntax("STARTTLS takes no argument"));
            }
            if (session.tls()) {
                return done(SmtpReply.of(ReplyCode.BAD_SEQUENCE, EnhancedStatus.BAD_SEQUENCE, "TLS already active"));
            }
            if (!session.canStartTls()) {
                return done(SmtpReply.of(ReplyCode.NOT_IMPLEMENTED, "5.5.1", "TLS not available"));
            }
            return Uni.createFrom().item(Outcome.then(SmtpReply.of(ReplyCode.SERVICE_READY, "2.0.0", "Ready to start TLS"),
                    Outcome.Next.START_TLS));
        };
    }

    private static Uni<Outcome> done(SmtpReply reply) {
        return Uni.createFrom().item(Outcome.reply(reply));
    }
}
