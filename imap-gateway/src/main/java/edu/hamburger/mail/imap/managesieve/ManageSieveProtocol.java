package edu.hamburger.mail.imap.managesieve;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.SieveScriptInfo;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.line.sasl.FailedLoginPolicy;
import edu.hamburger.mail.line.sasl.Sasl;
import edu.hamburger.mail.line.sasl.SaslResponse;
import edu.hamburger.mail.sieve.SieveScript;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * ManageSieve (RFC 5804) over the account's scripts in mailbox-service. Before authentication:
 * CAPABILITY, STARTTLS, AUTHENTICATE "PLAIN" (only over TLS, or in plain text from loopback when
 * the deployment allows it), NOOP, LOGOUT. After: LISTSCRIPTS, GETSCRIPT, PUTSCRIPT, CHECKSCRIPT
 * (both answer a script's compile error with its line), SETACTIVE, DELETESCRIPT, RENAMESCRIPT,
 * HAVESPACE, UNAUTHENTICATE. Logins go through the common login policy; failures are delayed
 * and, after the policy's number, end the connection.
 */
public final class ManageSieveProtocol {

    /** What the deployment decides for every session. */
    public record Policy(String hostname, boolean plaintextOnLoopback, FailedLoginPolicy failedLogins, int maxRedirects) {
    }

    /** An answer and what the transport does next; {@code continuation} reads the client's SASL response. */
    record Outcome(String reply, Next next, Function<byte[], Uni<Outcome>> continuation) {
        enum Next { COMMAND, CONTINUATION, START_TLS, CLOSE }

        static Outcome reply(String reply) {
            return new Outcome(reply, Next.COMMAND, null);
        }
    }

    private final Policy policy;
    private final SievePort port;

    ManageSieveProtocol(Policy policy, SievePort port) {
        this.policy = policy;
        this.port = port;
    }

    /** The greeting is the capability list (RFC 5804 §1.7), and again after STARTTLS. */
    String capabilities(ManageSieveSession session) {
        StringBuilder out = new StringBuilder();
        out.append("\"IMPLEMENTATION\" \"mail-platform ManageSieve\"\r\n");
        if (loginAllowed(session)) {
            out.append("\"SASL\" \"PLAIN\"\r\n");
        } else {
            out.append("\"SASL\" \"\"\r\n");
        }
        out.append("\"SIEVE\" ").append(SieveReply.string(String.join(" ", SieveScript.supportedExtensions()))).append("\r\n");
        if (session.tlsAvailable() && !session.tls()) {
            out.append("\"STARTTLS\"\r\n");
        }
        out.append("\"MAXREDIRECTS\" \"").append(policy.maxRedirects()).append("\"\r\n");
        out.append("\"VERSION\" \"1.0\"\r\n");
        return out.toString();
    }

    String greeting(ManageSieveSession session) {
        return capabilities(session) + SieveReply.ok(policy.hostname() + " ManageSieve ready");
    }

    private boolean loginAllowed(ManageSieveSession session) {
        return session.tls() || (session.loopback() && policy.plaintextOnLoopback());
    }

    Uni<Outcome> command(ManageSieveSession session, byte[] bytes) {
        SieveCommand command;
        try {
            command = SieveCommand.parse(bytes);
        } catch (SieveCommand.SyntaxError e) {
            return done(SieveReply.no(null, e.getMessage()));
        }
        List<String> args = command.arguments();
        switch (command.name()) {
            case "CAPABILITY":
                return arity(args, 0, 0) ? done(capabilities(session) + SieveReply.ok("capabilities")) : wrongArguments(command);
            case "NOOP":
                // RFC 5804 §2.13: the client's tag comes back as a TAG response code
                return done(args.isEmpty() ? SieveReply.ok("done") : "OK (TAG " + SieveReply.string(args.get(0)) + ") \"done\"\r\n");
            case "LOGOUT":
                return Uni.createFrom().item(new Outcome(SieveReply.ok("bye"), Outcome.Next.CLOSE, null));
            case "STARTTLS":
                if (session.tls() || !session.tlsAvailable()) {
                    return done(SieveReply.no(null, session.tls() ? "TLS is on already" : "no TLS here"));
                }
                return Uni.createFrom().item(new Outcome(SieveReply.ok("begin TLS negotiation now"), Outcome.Next.START_TLS, null));
            case "AUTHENTICATE":
                return authenticate(session, args);
            default:
                break;
        }
        if (session.account() == null) {
            return done(SieveReply.no(null, "authenticate first"));
        }
        long account = session.account().accountId();
        return switch (command.name()) {
            case "LISTSCRIPTS" -> port.list(account).map(scripts -> {
                StringBuilder out = new StringBuilder();
                for (SieveScriptInfo script : scripts) {
                    out.append(SieveReply.string(script.name())).append(script.active() ? " ACTIVE" : "").append("\r\n");
                }
                return Outcome.reply(out + SieveReply.ok("listed"));
            }).onFailure(StoreException.class).recoverWithItem(e -> refusal(command.name(), (StoreException) e));
            case "GETSCRIPT" -> arity(args, 1, 1)
                    ? store(command.name(), port.get(account, args.get(0)).map(content -> "{" + content.getBytes(StandardCharsets.UTF_8).length
                            + "}\r\n" + content + "\r\n" + SieveReply.ok("script")))
                    : wrongArguments(command);
            case "PUTSCRIPT" -> arity(args, 2, 2)
                    ? store(command.name(), port.put(account, args.get(0), args.get(1)).map(v -> SieveReply.ok("stored")))
                    : wrongArguments(command);
            case "CHECKSCRIPT" -> arity(args, 1, 1)
                    ? store(command.name(), port.check(account, args.get(0)).map(v -> SieveReply.ok("the script compiles")))
                    : wrongArguments(command);
            case "SETACTIVE" -> arity(args, 1, 1)
                    ? store(command.name(), port.activate(account, args.get(0)).map(v -> SieveReply.ok(args.get(0).isEmpty()
                            ? "no script is active" : "active")))
                    : wrongArguments(command);
            case "DELETESCRIPT" -> arity(args, 1, 1)
                    ? store(command.name(), port.delete(account, args.get(0)).map(v -> SieveReply.ok("deleted")))
                    : wrongArguments(command);
            case "RENAMESCRIPT" -> arity(args, 2, 2)
                    ? store(command.name(), port.rename(account, args.get(0), args.get(1)).map(v -> SieveReply.ok("renamed")))
                    : wrongArguments(command);
            case "HAVESPACE" -> arity(args, 2, 2) && args.get(1).matches("\\d{1,10}")
                    ? store(command.name(), port.haveSpace(account, args.get(0), Long.parseLong(args.get(1))).map(v -> SieveReply.ok("room")))
                    : wrongArguments(command);
            case "UNAUTHENTICATE" -> {
                session.unauthenticate();
                yield done(SieveReply.ok("unauthenticated"));
            }
            default -> done(SieveReply.no(null, "unknown command " + command.name()));
        };
    }

    private Uni<Outcome> authenticate(ManageSieveSession session, List<String> args) {
        if (session.account() != null) {
            return done(SieveReply.no(null, "already authenticated"));
        }
        if (!loginAllowed(session)) {
            return done(SieveReply.no("ENCRYPT-NEEDED", "use STARTTLS before authenticating"));
        }
        if (args.isEmpty() || args.size() > 2) {
            return done(SieveReply.no(null, "AUTHENTICATE \"PLAIN\" [initial response]"));
        }
        if (!args.get(0).equalsIgnoreCase("PLAIN")) {
            return done(SieveReply.no(null, "the only mechanism here is PLAIN"));
        }
        if (args.size() == 2) {
            return plain(session, args.get(1));
        }
        return Uni.createFrom().item(new Outcome("\"\"\r\n", Outcome.Next.CONTINUATION, response -> {
            String text;
            try {
                text = SieveCommand.parseString(response);
            } catch (SieveCommand.SyntaxError e) {
                return done(SieveReply.no(null, "expected the response as a string: " + e.getMessage()));
            }
            return plain(session, text);
        }));
    }

    private Uni<Outcome> plain(ManageSieveSession session, String response) {
        SaslResponse decoded = Sasl.plain(response);
        if (decoded instanceof SaslResponse.Cancelled) {
            return done(SieveReply.no(null, "authentication cancelled"));
        }
        if (decoded instanceof SaslResponse.Malformed malformed) {
            return done(SieveReply.no(null, malformed.why()));
        }
        SaslResponse.Credentials credentials = (SaslResponse.Credentials) decoded;
        if (credentials.impersonates()) {
            return done(SieveReply.no(null, "authorization identity must be empty or the user's own"));
        }
        return port.authenticate(credentials.user(), credentials.password(), session.clientAddress())
                .chain(account -> {
                    if (account != null) {
                        session.authenticated(account);
                        return done(SieveReply.ok("authenticated"));
                    }
                    int failures = session.loginFailed();
                    return policy.failedLogins().after(failures).map(verdict -> verdict == FailedLoginPolicy.Verdict.CLOSE
                            ? new Outcome(SieveReply.bye(null, "too many failed logins"), Outcome.Next.CLOSE, null)
                            : Outcome.reply(SieveReply.no(null, "authentication failed")));
                })
                // the login policy's back-off: not now, without a verdict on the password
                .onFailure(StoreException::tryLater).recoverWithItem(() -> Outcome.reply(SieveReply.no("TRYLATER",
                        "too many failed logins, try again later")));
    }

    /** A store answer, or its refusal in ManageSieve's words and response codes (RFC 5804 §1.3). */
    private Uni<Outcome> store(String command, Uni<String> answer) {
        return answer.map(Outcome::reply).onFailure(StoreException.class).recoverWithItem(e -> refusal(command, (StoreException) e));
    }

    private static Outcome refusal(String command, StoreException e) {
        String code = switch (e.code()) {
            case NOT_FOUND -> "NONEXISTENT";
            case EXISTS -> "ALREADYEXISTS";
            case CONFLICT -> command.equals("DELETESCRIPT") ? "ACTIVE" : null;
            case OVER_QUOTA -> e.getMessage().contains("scripts") ? "QUOTA/MAXSCRIPTS" : "QUOTA/MAXSIZE";
            case TRY_LATER, UNAVAILABLE, INTERNAL -> "TRYLATER";
            default -> null;
        };
        String text = e.code() == ErrorCode.INTERNAL ? "internal error, try again later" : e.getMessage();
        return Outcome.reply(SieveReply.no(code, text));
    }

    private static boolean arity(List<String> args, int min, int max) {
        return args.size() >= min && args.size() <= max;
    }

    private static Uni<Outcome> wrongArguments(SieveCommand command) {
        return done(SieveReply.no(null, "wrong arguments for " + command.name()));
    }

    private static Uni<Outcome> done(String reply) {
        return Uni.createFrom().item(Outcome.reply(reply));
    }
}
