package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.address.AddressSyntaxException;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.PathArgument;
import edu.hamburger.mail.core.address.SmtpPathParser;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.record.DsnNotify;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import io.smallrye.mutiny.Uni;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * RCPT TO (RFC 5321 §4.1.1.3) with the DSN parameters NOTIFY and ORCPT (RFC 3461). Policy: a
 * local address must exist (550 5.1.1); any other domain is relaying, allowed only to an
 * authenticated client (550 5.7.1): never an open relay.
 */
final class RcptHandler implements CommandHandler {

    private final SmtpPolicy policy;
    private final Function<String, Uni<RecipientLookup>> directory;

    RcptHandler(SmtpPolicy policy, Function<String, Uni<RecipientLookup>> directory) {
        this.policy = policy;
        this.directory = directory;
    }

    @Override
    public Uni<Outcome> handle(SmtpSession session, SmtpCommand command) {
        if (session.phase() == SmtpSession.Phase.CONNECTED || session.phase() == SmtpSession.Phase.GREETED) {
            return reply(Replies.NEED_MAIL);
        }
        // every RCPT counts, accepted or refused, repeated or not (Postfix's smtpd_recipient_limit):
        // 2,000 RCPTs naming the same two addresses are 2,000 lookups, not two
        if (session.countRcptCommand() > policy.maxRecipients()) {
            return reply(SmtpReply.of(ReplyCode.INSUFFICIENT_STORAGE, EnhancedStatus.TOO_MANY_RECIPIENTS_TEMP,
                    "Too many recipients; send the rest in another message"));
        }
        String argument = command.after("TO:");
        if (argument == null) {
            return reply(Replies.syntax("Syntax: RCPT TO:<address>"));
        }
        PathArgument path;
        try {
            path = SmtpPathParser.parseForwardPath(argument);
        } catch (AddressSyntaxException e) {
            return reply(SmtpReply.of(ReplyCode.PARAMETER_SYNTAX_ERROR, EnhancedStatus.BAD_DESTINATION_SYNTAX,
                    "Bad recipient address: " + e.getMessage()));
        }
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        String orcpt = null;
        for (Map.Entry<String, String> parameter : path.parameters().entrySet()) {
            switch (parameter.getKey()) {
                case "NOTIFY" -> {
                    try {
                        for (String value : parameter.getValue().split(",")) {
                            notify.add(DsnNotify.valueOf(value.toUpperCase(Locale.ROOT)));
                        }
                    } catch (IllegalArgumentException e) {
                        return reply(Replies.syntax("NOTIFY takes NEVER, or SUCCESS, FAILURE and DELAY"));
                    }
                    if (notify.contains(DsnNotify.NEVER) && notify.size() > 1) {
                        return reply(Replies.syntax("NOTIFY=NEVER stands alone"));
                    }
                }
                case "ORCPT" -> {
                    String value = parameter.getValue();
                    if (value.indexOf(';') <= 0 || value.length() > 500) {
                        return reply(Replies.syntax("ORCPT must be addr-type;xtext"));
                    }
                    orcpt = value;
                }
                default -> {
                    return reply(Replies.badParameter("Unsupported RCPT parameter " + parameter.getKey()));
                }
            }
        }
        MailAddress address = path.path().postmasterOnly()
                ? new MailAddress("postmaster", policy.domain()) : path.path().mailbox();
        if (!address.isAscii() && !session.smtpUtf8()) {
            return reply(SmtpReply.of(ReplyCode.MAILBOX_NAME_NOT_ALLOWED, EnhancedStatus.NEEDS_SMTPUTF8,
                    "A UTF-8 address needs SMTPUTF8 on MAIL FROM"));
        }
        EnvelopeRecipient recipient = new EnvelopeRecipient(address, notify, orcpt);
        String shown = address.toString();
        return directory.apply(shown)
                .chain(lookup -> {
                    Outcome outcome = Outcome.reply(decide(session, recipient, lookup, shown));
                    if (lookup.status() != RecipientLookup.Status.UNKNOWN_USER) {
                        return Uni.createFrom().item(outcome);
                    }
                    java.time.Duration wait = policy.tarpit().delayFor(session.countUnknownRecipient());
                    return wait.isZero() ? Uni.createFrom().item(outcome) : Uni.createFrom().item(outcome).onItem().delayIt().by(wait);
                })
                .onFailure().recoverWithItem(e -> Outcome.reply(Replies.TRY_LATER));
    }

    private SmtpReply decide(SmtpSession session, EnvelopeRecipient recipient, RecipientLookup lookup, String shown) {
        switch (lookup.status()) {
            case LOCAL -> {
                if (!session.hasRecipient(shown)) {
                    session.addRecipient(new SmtpSession.AcceptedRecipient(recipient, true));
                }
                return SmtpReply.of(ReplyCode.OK, EnhancedStatus.RECIPIENT_OK, shown + " ... Recipient ok");
            }
            case UNKNOWN_USER -> {
                return SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.BAD_DESTINATION_MAILBOX,
                        shown + "... User unknown");
            }
            default -> {
                if (!session.authenticated()) {
                    return SmtpReply.of(ReplyCode.MAILBOX_UNAVAILABLE, EnhancedStatus.RELAY_DENIED,
                            shown + "... Relaying denied: authenticate first");
                }
                if (!session.hasRecipient(shown)) {
                    session.addRecipient(new SmtpSession.AcceptedRecipient(recipient, false));
                }
                return SmtpReply.of(ReplyCode.OK, EnhancedStatus.RECIPIENT_OK, shown + " ... Recipient ok (relay)");
            }
        }
    }

    private static Uni<Outcome> reply(SmtpReply reply) {
        return Uni.createFrom().item(Outcome.reply(reply));
    }
}
