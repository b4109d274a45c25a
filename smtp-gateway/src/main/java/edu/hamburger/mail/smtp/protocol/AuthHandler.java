package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.sasl.PasswordCheck;
import edu.hamburger.mail.line.sasl.Sasl;
import edu.hamburger.mail.line.sasl.SaslResponse;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;

/**
 * AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, offered only inside TLS (or on
 * loopback in development). Credentials are checked by mailbox-service; after too many failures
 * the connection is closed.
 */
final class AuthHandler implements CommandHandler {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AuthHandler.class);

    private static final String USERNAME_PROMPT = Base64.getEncoder().encodeToString("Username:".getBytes(StandardCharsets.US_ASCII));
    private static final String PASSWORD_PROMPT = Base64.getEncoder().encodeToString("Password:".getBytes(StandardCharsets.US_ASCII));

    private final SmtpPolicy policy;
    private final PasswordCheck checker;
    private final MasterUser master;
    private final Function<String, Uni<RecipientLookup>> recipients;

    AuthHandler(SmtpPolicy policy, PasswordCheck checker, MasterUser master, Function<String, Uni<RecipientLookup>> recipients) {
        this.policy = policy;
        this.checker = checker;
        this.master = master;
        this.recipients = recipients;
    }

    @Override
    public Uni<Outcome> handle(SmtpSession session, SmtpCommand command) {
        if (session.phase() == SmtpSession.Phase.CONNECTED) {
            return reply(Replies.NEED_HELO);
        }
        if (session.authenticated()) {
            return reply(SmtpReply.of(ReplyCode.BAD_SEQUENCE, EnhancedStatus.BAD_SEQUENCE, "Already authenticated"));
        }
        if (session.phase() != SmtpSession.Phase.GREETED) {
            return reply(SmtpReply.of(ReplyCode.BAD_SEQUENCE, EnhancedStatus.BAD_SEQUENCE, "AUTH is not allowed during a mail transaction"));
        }
        if (!policy.authOffered(session)) {
            return reply(SmtpReply.of(538, EnhancedStatus.ENCRYPTION_REQUIRED, "Encryption required: STARTTLS first"));
        }
        String[] words = command.argument().trim().split(" ");
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length > 1 ? words[1] : null;
        if (words.length > 2) {
            return reply(Replies.syntax("Syntax: AUTH mechanism [initial-response]"));
        }
        return switch (mechanism) {
            case "PLAIN" -> initial == null
                    ? Uni.createFrom().item(Outcome.challenge(SmtpReply.of(ReplyCode.AUTH_CHALLENGE, ""), line -> plain(session, line)))
                    : plain(session, initial);
            case "LOGIN" -> initial == null
                    ? Uni.createFrom().item(Outcome.challenge(SmtpReply.of(ReplyCode.AUTH_CHALLENGE, USERNAME_PROMPT),
                            line -> loginUser(session, line)))
                    : loginUser(session, initial);
            default -> reply(SmtpReply.of(ReplyCode.PARAMETER_NOT_IMPLEMENTED, "5.5.4", "Unsupported mechanism; use PLAIN or LOGIN"));
        };
    }

    /**
     * PLAIN: base64 of authzid NUL authcid NUL password. An authzid other than the user is refused,
     * except for the master user on a submission listener ({@link MasterUser}).
     */
    private Uni<Outcome> plain(SmtpSession session, String line) {
        SaslResponse response = Sasl.plain(line);
        if (response instanceof SaslResponse.Credentials credentials) {
            if (!credentials.impersonates()) {
                return check(session, credentials.user(), credentials.password());
            }
            return session.listener().isSubmission() && master.matches(credentials.user(), credentials.password())
                    ? onBehalfOf(session, credentials.authzid()) : failed(session);
        }
        return response instanceof SaslResponse.Cancelled ? cancelled() : reply(malformed());
    }

    private Uni<Outcome> loginUser(SmtpSession session, String line) {
        SaslResponse user = Sasl.text(line);
        if (!(user instanceof SaslResponse.Text name)) {
            return user instanceof SaslResponse.Cancelled ? cancelled() : reply(malformed());
        }
        return Uni.createFrom().item(Outcome.challenge(SmtpReply.of(ReplyCode.AUTH_CHALLENGE, PASSWORD_PROMPT),
                passwordLine -> {
                    SaslResponse password = Sasl.text(passwordLine);
                    if (password instanceof SaslResponse.Text secret) {
                        return check(session, name.value(), secret.value());
                    }
                    return password instanceof SaslResponse.Cancelled ? cancelled() : reply(malformed());
                }));
    }

    /** The master user acts for the account whose own address {@code authzid} is (not an alias, not a list). */
    private Uni<Outcome> onBehalfOf(SmtpSession session, String authzid) {
        return recipients.apply(authzid)
                .onItem().transformToUni(lookup -> {
                    AccountRef account = lookup.ownAccount().orElse(null);
                    if (account == null) {
                        return failed(session);
                    }
                    session.authenticated(account);
                    LOG.infof("%s: %s submits on behalf of %s", session.sessionId(), master.name(), account.address());
                    return reply(SmtpReply.of(ReplyCode.AUTH_SUCCEEDED, EnhancedStatus.AUTH_OK, "Authentication successful"));
                })
                .onFailure().recoverWithItem(e -> Outcome.reply(SmtpReply.of(ReplyCode.AUTH_TEMPORARY_FAILURE, "4.7.0",
                        "Temporary authentication failure, try again later")));
    }

    private Uni<Outcome> check(SmtpSession session, String user, String password) {
        return checker.check(user, password, session.clientAddress())
                .onItem().transformToUni(account -> {
                    if (account == null) {
                        return failed(session);
                    }
                    session.authenticated(account);
                    return reply(SmtpReply.of(ReplyCode.AUTH_SUCCEEDED, EnhancedStatus.AUTH_OK, "Authentication successful"));
                })
                .onFailure().recoverWithItem(e -> Outcome.reply(SmtpReply.of(ReplyCode.AUTH_TEMPORARY_FAILURE, "4.7.0",
                        edu.hamburger.mail.core.api.StoreException.tryLater(e) ? "Too many failed logins, try again later"
                                : "Temporary authentication failure, try again later")));
    }

    /** Answered late, and the connection closed after too many failures (the policy every protocol shares). */
    private Uni<Outcome> failed(SmtpSession session) {
        return policy.failedLogins().after(session.countAuthFailure()).map(verdict -> verdict == FailedLoginPolicy.Verdict.CLOSE
                ? Outcome.close(SmtpReply.of(ReplyCode.AUTH_INVALID, EnhancedStatus.AUTH_INVALID,
                        "Authentication credentials invalid; too many failures, closing connection"))
                : Outcome.reply(SmtpReply.of(ReplyCode.AUTH_INVALID, EnhancedStatus.AUTH_INVALID, "Authentication credentials invalid")));
    }

    private static Uni<Outcome> cancelled() {
        return reply(SmtpReply.of(ReplyCode.PARAMETER_SYNTAX_ERROR, "5.0.0", "Authentication cancelled"));
    }

    private static SmtpReply malformed() {
        return SmtpReply.of(ReplyCode.PARAMETER_SYNTAX_ERROR, EnhancedStatus.SYNTAX, "Malformed authentication response");
    }

    private static Uni<Outcome> reply(SmtpReply reply) {
        return Uni.createFrom().item(Outcome.reply(reply));
    }
}
