package edu.hamburger.mail.pop3.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.line.LineMetrics;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.sasl.PasswordCheck;
import edu.hamburger.mail.line.sasl.Sasl;
import edu.hamburger.mail.line.sasl.SaslResponse;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * POP3 (RFC 1939) with CAPA and response codes (RFC 2449), STLS (RFC 2595) and SASL PLAIN
 * (RFC 5034): one table from command to handler, each valid in some states. The protocol sees
 * lines and returns replies; the transport owns the socket.
 */
public final class Pop3Protocol {

    /**
     * Deployment rules the protocol needs. {@code lockWait}: how long a login waits for another
     * session of the same maildrop to end before it answers {@code [IN-USE]}.
     */
    public record Policy(String hostname, boolean allowPlaintextAuthOnLoopback, FailedLoginPolicy failedLogins, Duration lockWait) {

        boolean loginAllowed(Pop3Session session) {
            return session.tls() || (allowPlaintextAuthOnLoopback && session.loopback());
        }
    }

    private record Handler(Set<Pop3Session.State> states, BiFunction<Pop3Session, String, Uni<Pop3Outcome>> action) {
    }

    private static final Set<Pop3Session.State> AUTHORIZATION = Set.of(Pop3Session.State.AUTHORIZATION);
    private static final Set<Pop3Session.State> TRANSACTION = Set.of(Pop3Session.State.TRANSACTION);
    private static final Set<Pop3Session.State> ANY = Set.of(Pop3Session.State.AUTHORIZATION, Pop3Session.State.TRANSACTION);

    private final Policy policy;
    private final MaildropPort maildrops;
    private final Map<String, Handler> handlers = new HashMap<>();
    private volatile LineMetrics.CommandMeter commands = LineMetrics.CommandMeter.NONE;

    public Pop3Protocol(Policy policy, MaildropPort maildrops) {
        this.policy = policy;
        this.maildrops = maildrops;
        handlers.put("CAPA", new Handler(ANY, (s, a) -> done(capabilities(s))));
        handlers.put("QUIT", new Handler(ANY, this::quit));
        handlers.put("NOOP", new Handler(TRANSACTION, (s, a) -> done(Pop3Reply.ok(""))));
        handlers.put("STLS", new Handler(AUTHORIZATION, this::stls));
        handlers.put("USER", new Handler(AUTHORIZATION, this::user));
        handlers.put("PASS", new Handler(AUTHORIZATION, this::pass));
        handlers.put("AUTH", new Handler(AUTHORIZATION, this::auth));
        handlers.put("STAT", new Handler(TRANSACTION, (s, a) -> done(Pop3Reply.ok(s.maildrop().count() + " " + s.maildrop().octets()))));
        handlers.put("LIST", new Handler(TRANSACTION, this::list));
        handlers.put("UIDL", new Handler(TRANSACTION, this::uidl));
        handlers.put("RETR", new Handler(TRANSACTION, this::retr));
        handlers.put("TOP", new Handler(TRANSACTION, this::top));
        handlers.put("DELE", new Handler(TRANSACTION, this::dele));
        handlers.put("RSET", new Handler(TRANSACTION, (s, a) -> {
            s.maildrop().undelete();
            return done(Pop3Reply.ok("maildrop has " + s.maildrop().count() + " messages (" + s.maildrop().octets() + " octets)"));
        }));
    }

    public Pop3Reply greeting() {
        return Pop3Reply.ok(policy.hostname() + " POP3 server ready");
    }

    /** Counts every command by verb and +OK/-ERR. */
    public void measure(LineMetrics metrics) {
        commands = metrics.commands(handlers.keySet());
    }

    public Uni<Pop3Outcome> command(Pop3Session session, String line) {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        LineMetrics.Observation observation = commands.start(verb, session.id(),
                session.account() == null ? null : session.account().address());
        return dispatch(session, verb, space < 0 ? "" : line.substring(space + 1))
                .invoke(outcome -> observation.end(outcome.reply() == null ? "none"
                        : outcome.reply().status().equals("+OK") ? "ok" : "err"));
    }

    private Uni<Pop3Outcome> dispatch(Pop3Session session, String verb, String argument) {
        Handler handler = handlers.get(verb);
        if (handler == null) {
            return done(Pop3Reply.error("unknown command"));
        }
        if (!handler.states().contains(session.state())) {
            return done(Pop3Reply.error(session.state() == Pop3Session.State.AUTHORIZATION
                    ? "[AUTH] log in first" : verb + " is not allowed now"));
        }
        return handler.action().apply(session, argument);
    }

    /** The connection ended without QUIT: nothing is deleted (RFC 1939 §6), the lock is given back. */
    public Uni<Void> dropped(Pop3Session session) {
        if (session.state() == Pop3Session.State.TRANSACTION) {
            session.closed();
            return maildrops.unlock(session.account().accountId(), session.id()).onFailure().recoverWithNull();
        }
        session.closed();
        return Uni.createFrom().voidItem();
    }

    /** Keeps the maildrop lock alive while the session lasts. */
    public Uni<Boolean> renewLock(Pop3Session session) {
        if (session.state() != Pop3Session.State.TRANSACTION) {
            return Uni.createFrom().item(true);
        }
        return maildrops.lock(session.account().accountId(), session.id());
    }

    private Pop3Reply capabilities(Pop3Session session) {
        List<String> capabilities = new ArrayList<>(List.of("TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"));
        if (policy.loginAllowed(session)) {
            capabilities.add("USER");
            capabilities.add("SASL PLAIN");
        }
        if (session.canStartTls()) {
            capabilities.add("STLS");
        }
        capabilities.add("EXPIRE NEVER");
        capabilities.add("LOGIN-DELAY 0");
        capabilities.add("IMPLEMENTATION mail-platform");
        return Pop3Reply.okLines("Capability list follows", capabilities);
    }

    private Uni<Pop3Outcome> quit(Pop3Session session, String argument) {
        if (session.state() != Pop3Session.State.TRANSACTION) {
            session.closed();
            return Uni.createFrom().item(Pop3Outcome.close(Pop3Reply.ok(policy.hostname() + " signing off")));
        }
        // UPDATE state (§6): the messages marked with DELE are removed now, and only now
        Maildrop maildrop = session.maildrop();
        List<Long> doomed = maildrop.deletedUids();
        Uni<Void> update = doomed.isEmpty() ? Uni.createFrom().voidItem() : maildrops.remove(maildrop, doomed);
        return update
                .map(ignored -> Pop3Outcome.close(Pop3Reply.ok(policy.hostname() + " signing off (" + maildrop.count()
                        + " messages left)")))
                .onFailure().recoverWithItem(e -> Pop3Outcome.close(Pop3Reply.error("[SYS/TEMP] some deleted messages not removed")))
                .call(() -> {
                    session.closed();
                    return maildrops.unlock(session.account().accountId(), session.id()).onFailure().recoverWithNull();
                });
    }

    private Uni<Pop3Outcome> stls(Pop3Session session, String argument) {
        if (!session.canStartTls()) {
            return done(Pop3Reply.error(session.tls() ? "TLS already active" : "STLS not available"));
        }
        return Uni.createFrom().item(new Pop3Outcome(Pop3Reply.ok("Begin TLS negotiation"), Pop3Outcome.Next.START_TLS, null));
    }

    private Uni<Pop3Outcome> user(Pop3Session session, String argument) {
        if (!policy.loginAllowed(session)) {
            return done(Pop3Reply.error("[AUTH] use STLS before sending credentials"));
        }
        if (argument.isBlank() || argument.length() > 320) {
            return done(Pop3Reply.error("USER needs a name"));
        }
        session.pendingUser(argument.trim());
        return done(Pop3Reply.ok("send PASS"));
    }

    private Uni<Pop3Outcome> pass(Pop3Session session, String argument) {
        if (!policy.loginAllowed(session)) {
            return done(Pop3Reply.error("[AUTH] use STLS before sending credentials"));
        }
        if (session.pendingUser() == null) {
            return done(Pop3Reply.error("USER first"));
        }
        return login(session, session.pendingUser(), argument);
    }

    private Uni<Pop3Outcome> auth(Pop3Session session, String argument) {
        String[] words = argument.trim().split(" ");
        if (argument.isBlank()) {
            return done(Pop3Reply.okLines("SASL mechanisms follow", List.of("PLAIN")));
        }
        if (!policy.loginAllowed(session)) {
            return done(Pop3Reply.error("[AUTH] use STLS before sending credentials"));
        }
        if (!words[0].equalsIgnoreCase("PLAIN") || words.length > 2) {
            return done(Pop3Reply.error("unsupported mechanism; use PLAIN"));
        }
        if (words.length == 2) {
            return plain(session, words[1]);
        }
        return Uni.createFrom().item(new Pop3Outcome(Pop3Reply.continuation(""), Pop3Outcome.Next.SASL_RESPONSE,
                response -> plain(session, response)));
    }

    private Uni<Pop3Outcome> plain(Pop3Session session, String line) {
        SaslResponse response = Sasl.plain(line);
        if (response instanceof SaslResponse.Credentials credentials) {
            return credentials.impersonates() ? failedLogin(session) : login(session, credentials.user(), credentials.password());
        }
        return done(Pop3Reply.error(response instanceof SaslResponse.Cancelled ? "authentication cancelled" : "malformed SASL response"));
    }

    private Uni<Pop3Outcome> login(Pop3Session session, String user, String password) {
        return maildrops.authenticate(user, password, session.clientAddress()).onItem().transformToUni(account -> {
            if (account == null) {
                return failedLogin(session);
            }
            return openWhenFree(session, account, System.nanoTime() + policy.lockWait().toNanos(), FIRST_LOCK_RETRY)
                    .onFailure().call(() -> maildrops.unlock(account.accountId(), session.id()).onFailure().recoverWithNull())
                    .chain(maildrop -> {
                        if (maildrop == null) {
                            return done(Pop3Reply.error("[IN-USE] maildrop already locked by another session"));
                        }
                        if (session.state() == Pop3Session.State.CLOSED) { // the client left while its login waited
                            return maildrops.unlock(account.accountId(), session.id()).onFailure().recoverWithNull()
                                    .replaceWith(Pop3Outcome.reply(Pop3Reply.error("[SYS/TEMP] connection closed")));
                        }
                        session.opened(account, maildrop);
                        return done(Pop3Reply.ok("maildrop has " + maildrop.count() + " messages (" + maildrop.octets() + " octets)"));
                    });
        }).onFailure().recoverWithItem(e -> Pop3Outcome.reply(Pop3Reply.error(edu.hamburger.mail.core.api.StoreException.tryLater(e)
                ? "[SYS/TEMP] too many failed logins, try later" : "[SYS/TEMP] mailboxes unavailable, try later")));
    }

    private static final Duration FIRST_LOCK_RETRY = Duration.ofMillis(50);
    private static final Duration LONGEST_LOCK_RETRY = Duration.ofMillis(250);

    /**
     * Takes the maildrop's lock and lists it, asking again with growing pauses while another
     * session holds it, until {@code deadline} (System.nanoTime()): a client that logs in while
     * its previous session is still ending, or while another of its devices downloads, gets the
     * maildrop once that session ends instead of an error (Dovecot's pop3_lock_session waits
     * likewise, up to 10 s). Null when it stayed locked, or the client left meanwhile (no lock is
     * taken for a client that has gone; one taken while it went is given back by the caller).
     */
    private Uni<Maildrop> openWhenFree(Pop3Session session, AccountRef account, long deadline, Duration pause) {
        if (session.state() == Pop3Session.State.CLOSED) {
            return Uni.createFrom().nullItem();
        }
        return maildrops.lockAndOpen(account.accountId(), session.id()).chain(maildrop -> {
            if (maildrop != null || System.nanoTime() + pause.toNanos() > deadline) {
                return Uni.createFrom().item(maildrop);
            }
            Duration doubled = pause.multipliedBy(2);
            Duration next = doubled.compareTo(LONGEST_LOCK_RETRY) > 0 ? LONGEST_LOCK_RETRY : doubled;
            return Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                    .chain(() -> openWhenFree(session, account, deadline, next));
        });
    }

    /** Answered late, and closed after too many failures (the policy every protocol shares). */
    private Uni<Pop3Outcome> failedLogin(Pop3Session session) {
        return policy.failedLogins().after(session.countAuthFailure()).map(verdict -> verdict == FailedLoginPolicy.Verdict.CLOSE
                ? Pop3Outcome.close(Pop3Reply.error("[AUTH] invalid credentials; too many failures"))
                : Pop3Outcome.reply(Pop3Reply.error("[AUTH] invalid user name or password")));
    }

    private Uni<Pop3Outcome> list(Pop3Session session, String argument) {
        Maildrop maildrop = session.maildrop();
        if (!argument.isBlank()) {
            Integer number = number(argument);
            Maildrop.Entry entry = number == null ? null : maildrop.get(number);
            return done(entry == null ? Pop3Reply.error("no such message") : Pop3Reply.ok(number + " " + entry.size()));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= maildrop.size(); i++) {
            Maildrop.Entry entry = maildrop.get(i);
            if (entry != null) {
                lines.add(i + " " + entry.size());
            }
        }
        return done(Pop3Reply.okLines(maildrop.count() + " messages (" + maildrop.octets() + " octets)", lines));
    }

    private Uni<Pop3Outcome> uidl(Pop3Session session, String argument) {
        Maildrop maildrop = session.maildrop();
        if (!argument.isBlank()) {
            Integer number = number(argument);
            return done(number == null || maildrop.get(number) == null ? Pop3Reply.error("no such message")
                    : Pop3Reply.ok(number + " " + maildrop.uniqueId(number)));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= maildrop.size(); i++) {
            if (maildrop.get(i) != null) {
                lines.add(i + " " + maildrop.uniqueId(i));
            }
        }
        return done(Pop3Reply.okLines("unique-id listing follows", lines));
    }

    /**
     * Clients RETR a maildrop in order, so a RETR that finds its message not read yet reads it
     * with the ones after it in one call, at most {@value #READ_AHEAD_MESSAGES} messages and
     * {@value #READ_AHEAD_OCTETS} octets; a larger message is read alone. Once fewer than half of
     * that are left ahead of the client, the next call starts, so the client does not wait for
     * it: a session holds at most about one and a half calls' worth of messages.
     */
    static final int READ_AHEAD_MESSAGES = 64;
    static final long READ_AHEAD_OCTETS = 1024 * 1024;

    private Uni<Pop3Outcome> retr(Pop3Session session, String argument) {
        Integer number = number(argument);
        Maildrop maildrop = session.maildrop();
        Maildrop.Entry entry = number == null ? null : maildrop.get(number);
        if (entry == null) {
            return done(Pop3Reply.error("no such message"));
        }
        Uni<byte[]> message = maildrop.takeAhead(entry.uid());
        if (message == null) {
            List<Maildrop.Entry> batch = maildrop.batchFrom(number, READ_AHEAD_MESSAGES, READ_AHEAD_OCTETS);
            if (batch.size() > 1) {
                readAhead(maildrop, batch);
                message = maildrop.takeAhead(entry.uid());
            }
        }
        Uni<byte[]> alone = Uni.createFrom().deferred(() -> maildrops.read(maildrop, entry.uid(), 0, -1));
        message = message == null ? alone : message.onFailure().recoverWithUni(() -> alone);
        keepReadingAhead(maildrop, number + 1);
        return message.map(bytes -> Pop3Outcome.reply(Pop3Reply.okBody(entry.size() + " octets", bytes)))
                .onFailure().recoverWithItem(e -> Pop3Outcome.reply(Pop3Reply.error("[SYS/TEMP] message unavailable, try later")));
    }

    private void readAhead(Maildrop maildrop, List<Maildrop.Entry> batch) {
        maildrop.readAhead(batch, maildrops.readWhole(maildrop, batch.stream().map(Maildrop.Entry::uid).toList()));
    }

    /** Starts the next read-ahead call when less than half a call's worth is left ahead of {@code from}. */
    private void keepReadingAhead(Maildrop maildrop, int from) {
        if (maildrop.aheadCount() >= READ_AHEAD_MESSAGES / 2 || maildrop.aheadOctets() >= READ_AHEAD_OCTETS / 2) {
            return;
        }
        List<Maildrop.Entry> batch = maildrop.batchFrom(from, READ_AHEAD_MESSAGES, READ_AHEAD_OCTETS);
        if (!batch.isEmpty()) {
            readAhead(maildrop, batch);
        }
    }

    /** TOP msg n: the header, the empty line, and the first n lines of the body. */
    private Uni<Pop3Outcome> top(Pop3Session session, String argument) {
        String[] words = argument.trim().split(" +");
        Integer number = words.length == 2 ? number(words[0]) : null;
        Integer lines = words.length == 2 ? wholeNumber(words[1]) : null;
        if (number == null || lines == null) {
            return done(Pop3Reply.error("usage: TOP message lines"));
        }
        Maildrop.Entry entry = session.maildrop().get(number);
        if (entry == null) {
            return done(Pop3Reply.error("no such message"));
        }
        Uni<byte[]> alone = Uni.createFrom().deferred(() -> maildrops.read(session.maildrop(), entry.uid(), 0, -1));
        Uni<byte[]> ahead = session.maildrop().peekAhead(entry.uid());
        return (ahead != null ? ahead.onFailure().recoverWithUni(() -> alone) : alone)
                .map(bytes -> Pop3Outcome.reply(Pop3Reply.okBody("top of message follows", headerAndLines(bytes, lines))))
                .onFailure().recoverWithItem(e -> Pop3Outcome.reply(Pop3Reply.error("[SYS/TEMP] message unavailable, try later")));
    }

    static byte[] headerAndLines(byte[] message, int lines) {
        int pos = 0;
        boolean inBody = false;
        int bodyLines = 0;
        while (pos < message.length) {
            int lineEnd = pos;
            while (lineEnd < message.length && message[lineEnd] != '\n') {
                lineEnd++;
            }
            boolean empty = lineEnd == pos || (lineEnd == pos + 1 && message[pos] == '\r');
            int next = Math.min(lineEnd + 1, message.length);
            if (inBody) {
                if (bodyLines == lines) {
                    return java.util.Arrays.copyOf(message, pos);
                }
                bodyLines++;
            } else if (empty) {
                inBody = true;
            }
            pos = next;
        }
        return message;
    }

    private Uni<Pop3Outcome> dele(Pop3Session session, String argument) {
        Integer number = number(argument);
        if (number == null || !session.maildrop().delete(number)) {
            return done(Pop3Reply.error("no such message"));
        }
        return done(Pop3Reply.ok("message " + number + " deleted"));
    }

    private static Integer number(String text) {
        Integer value = wholeNumber(text);
        return value == null || value < 1 ? null : value;
    }

    private static Integer wholeNumber(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.length() > 9 || !trimmed.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(trimmed);
    }

    private static Uni<Pop3Outcome> done(Pop3Reply reply) {
        return Uni.createFrom().item(Pop3Outcome.reply(reply));
    }
}
