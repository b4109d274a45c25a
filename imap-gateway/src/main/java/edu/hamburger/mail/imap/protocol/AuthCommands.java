package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.sasl.PasswordCheck;
import edu.hamburger.mail.line.sasl.Sasl;
import edu.hamburger.mail.line.sasl.SaslResponse;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;

/**
 * STARTTLS, LOGIN and AUTHENTICATE PLAIN (with SASL-IR). Passwords are only taken inside TLS
 * (or on loopback when configured for development); a failed login answers after a delay, and
 * after {@code maxAuthFailures} the connection is closed.
 */
final class AuthCommands {

    private final ImapProtocol.Policy policy;
    private final MailboxPort port;
    private final ImapProtocol protocol;

    AuthCommands(ImapProtocol.Policy policy, MailboxPort port, ImapProtocol protocol) {
        this.policy = policy;
        this.port = port;
        this.protocol = protocol;
    }

    Uni<Next> startTls(Command c, ImapRequest.NoArguments request) {
        if (c.session().tls() || !c.session().tlsAvailable()) {
            c.bad(c.session().tls() ? "TLS is already active" : "STARTTLS is not available");
            return Uni.createFrom().item(Next.COMMAND);
        }
        c.ok("Begin TLS negotiation now");
        return Uni.createFrom().item(Next.START_TLS);
    }

    Uni<Next> login(Command c, LoginRequest request) {
        if (!protocol.passwordsAllowed(c.session())) {
            c.no("[PRIVACYREQUIRED] LOGIN only over TLS: use STARTTLS or port 993");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return check(c, request.user(), request.password());
    }

    Uni<Next> authenticate(Command c, AuthenticateRequest request) {
        if (!request.mechanism().equals("PLAIN")) {
            c.no("[CANNOT] only AUTHENTICATE PLAIN is supported");
            return Uni.createFrom().item(Next.COMMAND);
        }
        if (!protocol.passwordsAllowed(c.session())) {
            c.no("[PRIVACYREQUIRED] authentication only over TLS");
            return Uni.createFrom().item(Next.COMMAND);
        }
        if (request.initialResponse() != null) {
            return plain(c, request.initialResponse());
        }
        c.out().write("+ \r\n".getBytes(StandardCharsets.US_ASCII));
        return Uni.createFrom().item(Next.continuation(line -> plain(c, new String(line, StandardCharsets.UTF_8))));
    }

    /** RFC 4616 through the shared decoder; "*" cancels, "=" is an empty initial response. */
    private Uni<Next> plain(Command c, String response) {
        SaslResponse decoded = Sasl.plain(response);
        if (decoded instanceof SaslResponse.Credentials credentials) {
            return credentials.impersonates() ? refuse(c) : check(c, credentials.user(), credentials.password());
        }
        if (decoded instanceof SaslResponse.Cancelled) {
            c.bad("AUTHENTICATE cancelled");
        } else {
            c.bad(((SaslResponse.Malformed) decoded).why());
        }
        return Uni.createFrom().item(Next.COMMAND);
    }

    private Uni<Next> check(Command c, String user, String password) {
        return port.authenticate(user, password, c.session().clientAddress())
                .chain(account -> account != null ? welcome(c, account) : refuse(c))
                .onFailure(edu.hamburger.mail.core.api.StoreException::tryLater).recoverWithItem(later -> {
                    c.no("[UNAVAILABLE] too many failed logins, try again later");
                    return Next.COMMAND;
                });
    }

    private Uni<Next> welcome(Command c, AccountRef account) {
        c.session().loggedIn(account);
        c.ok("[CAPABILITY " + protocol.capabilities(c.session()) + "] logged in as " + account.address());
        return Uni.createFrom().item(Next.COMMAND);
    }

    /** Answered late, and closed after too many failures (the policy every protocol shares). */
    private Uni<Next> refuse(Command c) {
        return policy.failedLogins().after(c.session().authFailed()).map(verdict -> {
            c.no("[AUTHENTICATIONFAILED] invalid credentials");
            if (verdict == FailedLoginPolicy.Verdict.CLOSE) {
                c.out().untagged("BYE too many failed logins");
                return Next.CLOSE;
            }
            return Next.COMMAND;
        });
    }
}
