package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** HELO and EHLO (RFC 5321 §4.1.1.1): greets back and, for EHLO, lists the extensions. */
final class GreetingHandler implements CommandHandler {

    private final SmtpPolicy policy;
    private final boolean extended;

    GreetingHandler(SmtpPolicy policy, boolean extended) {
        this.policy = policy;
        this.extended = extended;
    }

    @Override
    public Uni<Outcome> handle(SmtpSession session, SmtpCommand command) {
        String client = command.argument().trim();
        if (client.isEmpty() || client.contains(" ") || client.length() > 255) {
            return Uni.createFrom().item(Outcome.reply(Replies.syntax(
                    (extended ? "EHLO" : "HELO") + " needs your domain name or address literal")));
        }
        session.greeted(client, extended);
        String hello = policy.hostname() + " Hello " + client + " [" + session.clientAddress() + "], pleased to meet you";
        if (!extended) {
            return Uni.createFrom().item(Outcome.reply(SmtpReply.of(ReplyCode.OK, hello)));
        }
        List<String> lines = new ArrayList<>();
        lines.add(hello);
        lines.add("PIPELINING");
        lines.add("SIZE " + policy.maxMessageSize());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("CHUNKING");
        lines.add("DSN");
        if (session.canStartTls()) {
            lines.add("STARTTLS");
        }
        if (policy.authOffered(session)) {
            lines.add("AUTH PLAIN LOGIN");
        }
        lines.add("HELP");
        return Uni.createFrom().item(Outcome.reply(new SmtpReply(ReplyCode.OK, null, lines)));
    }
}
