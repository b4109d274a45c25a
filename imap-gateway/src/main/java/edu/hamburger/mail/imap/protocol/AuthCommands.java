package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

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

    Uni<Next> startTls(Command c) {
        c.args().end();
        if (c.session().tls() || !c.session().tlsAvailable()) {
            c.bad(c.session().tls() ? "TLS is already active" : "STARTTLS is not available");
            return Uni.createFrom().item(Next.COMMAND);
        }
        c.ok("Begin TLS negotiation now");
        return Uni.createFrom().item(Next.START_TLS);
    }

    Uni<Next> login(Command c) {
        c.args().space();
        String user = c.args().astring();
        c.args().space();
        String password = c.args().astring();
        c.args().end();
        if (!protocol.passwordsAllowed(c.session())) {
            c.no("[PRIVACYREQUIRED] LOGIN only over TLS: use STARTTLS or port 993");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return check(c, user, password);
    }

    Uni<Next> authenticate(Command c) {
        c.args().space();
        String mechanism = c.args().atom().toUpperCase(Locale.ROOT);
        String initial = null;
        if (c.args().optionalSpace()) {
            initial = c.args().atom();
        }
        c.args().end();
        if (!mechanism.equals("PLAIN")) {
            c.no("[CANNOT] only AUTHENTICATE PLAIN is supported");
            return Uni.createFrom().item(Next.COMMAND);
        }
        if (!protocol.passwordsAllowed(c.session())) {
            c.no("[PRIVACYREQUIRED] authentication only over TLS");
            return Uni.createFrom().item(Next.COMMAND);
        }
        if (initial != null) {
            return plain(c, initial);
        }
        c.out().write("+ \r\n".getBytes(StandardCharsets.US_ASCII));
        return Uni.createFrom().item(Next.continuation(line -> {
            String response = new String(line, StandardCharsets.US_ASCII).trim();
            if (response.equals("*")) {
                c.bad("AUTHENTICATE cancelled");
                return Uni.createFrom().item(Next.COMMAND);
            }
            return plain(c, response);
        }));
    }

    /** RFC 4616: [authzid] NUL authcid NUL passwd, base64; "=" is an empty initial response. */
    private Uni<Next> plain(Command c, String base64) {
        byte[] decoded;
        try {
            decoded = base64.equals("=") ? new byte[0] : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            c.bad("invalid base64");
            return Uni.createFrom().item(Next.COMMAND);
        }
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1]))) {
            c.no("[AUTHENTICATIONFAILED] malformed PLAIN response or a different authorization identity");
            return Uni.createFrom().item(Next.COMMAND);
        }
        return check(c, parts[1], parts[2]);
    }

    private Uni<Next> check(Command c, String user, String password) {
        return port.authenticate(user, password).chain(account -> account != null ? welcome(c, account) : refuse(c));
    }

    private Uni<Next> welcome(Command c, AccountRef account) {
        c.session().loggedIn(account);
        c.ok("[CAPABILITY " + protocol.capabilities(c.session()) + "] logged in as " + account.address());
        return Uni.createFrom().item(Next.COMMAND);
    }

    /** Answered late, so guessing passwords is slow; closed after too many tries. */
    private Uni<Next> refuse(Command c) {
        int failures = c.session().authFailed();
        return Uni.createFrom().item(Next.COMMAND).onItem().delayIt().by(policy.failedLoginDelay()).map(next -> {
            if (failures >= policy.maxAuthFailures()) {
                c.no("[AUTHENTICATIONFAILED] invalid credentials");
                c.out().untagged("BYE too many failed logins");
                return Next.CLOSE;
            }
            c.no("[AUTHENTICATIONFAILED] invalid credentials");
            return next;
        });
    }
}
