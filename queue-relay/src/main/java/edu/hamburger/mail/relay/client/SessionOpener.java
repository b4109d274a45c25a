package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.relay.RelayConfig;
import edu.hamburger.mail.relay.route.NextHop;
import edu.hamburger.mail.relay.route.TlsPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Opens a session with one next hop: connect, the 220 greeting, EHLO (HELO if the server does
 * not know EHLO), STARTTLS as the TLS policy says followed by a fresh EHLO, and AUTH PLAIN for a
 * smart host. Any refusal fails with {@link HopRefusedException} or {@link SmtpConnectionException}
 * and closes the connection, so the caller moves on to the next hop.
 */
public final class SessionOpener {

    private final Vertx vertx;
    private final NetClient netClient;
    private final NetClient verifyingClient;
    private final String heloName;
    private final RelayConfig.Timeouts timeouts;

    /**
     * @param netClient for the levels that do not check certificates (none, may, encrypt)
     * @param verifyingClient for {@code verify}: checks the chain against the trust store and the
     *        certificate's name against the name given to STARTTLS
     */
    public SessionOpener(Vertx vertx, NetClient netClient, NetClient verifyingClient, String heloName,
            RelayConfig.Timeouts timeouts) {
        this.vertx = vertx;
        this.netClient = netClient;
        this.verifyingClient = verifyingClient;
        this.heloName = heloName;
        this.timeouts = timeouts;
    }

    public Future<ClientSession> open(NextHop hop, TlsPolicy policy, String cacheKey) {
        return open(hop, policy, cacheKey, session -> { });
    }

    /**
     * @param told the session's {@link TlsSession} once it is open or has failed for a TLS reason;
     *        not told when the failure had nothing to do with TLS (refused connection, 5xx greeting)
     */
    public Future<ClientSession> open(NextHop hop, TlsPolicy policy, String cacheKey, Consumer<TlsSession> told) {
        return open(hop, policy, cacheKey, told, null);
    }

    /**
     * @param peerCheck after STARTTLS, judges the server's chain (its own certificate first): null
     *        if it is accepted, else why not, and the hop is refused (451 4.7.5). DANE's check;
     *        with one the level should be {@code encrypt} (the chain is judged here, not by PKIX).
     */
    public Future<ClientSession> open(NextHop hop, TlsPolicy policy, String cacheKey, Consumer<TlsSession> told,
            Function<List<X509Certificate>, String> peerCheck) {
        NetClient client = policy == TlsPolicy.VERIFY ? verifyingClient : netClient;
        return SmtpClientConnection.connect(vertx, client, hop.host(), hop.port(), hop.serverName())
                .compose(connection -> handshake(connection, hop, policy)
                        .compose(capabilities -> peerCheck == null ? Future.succeededFuture(capabilities)
                                : checkPeer(connection, peerCheck, capabilities))
                        .map(capabilities -> {
                            told.accept(new TlsSession(connection.isTls() ? TlsSessionResult.SUCCESS : TlsSessionResult.PLAINTEXT,
                                    connection.localIp(), connection.remoteIp()));
                            return new ClientSession(connection, hop, cacheKey, capabilities);
                        })
                        .onFailure(e -> {
                            String result = TlsSessionResult.ofFailure(e);
                            if (result != null) {
                                told.accept(new TlsSession(result, connection.localIp(), connection.remoteIp()));
                            }
                            connection.quit();
                        }));
    }

    private Future<ServerCapabilities> handshake(SmtpClientConnection connection, NextHop hop, TlsPolicy policy) {
        return connection.readReply(timeouts.greeting())
                .compose(greeting -> {
                    if (greeting.code() != 220) {
                        return refused(greeting, connection.peer() + " refused to talk to me");
                    }
                    return hello(connection);
                })
                .compose(capabilities -> {
                    if (policy == TlsPolicy.NONE) {
                        return Future.succeededFuture(capabilities);
                    }
                    if (!capabilities.startTls()) {
                        return policy.requiresTls()
                                ? refused(SmtpReply.of(451, "4.7.4", "TLS is required, but was not offered by " + connection.peer()),
                                        "TLS required, not offered")
                                : Future.succeededFuture(capabilities);
                    }
                    return connection.command("STARTTLS", timeouts.command()).compose(reply -> {
                        if (reply.code() != 220) {
                            return policy.requiresTls()
                                    ? refused(toTemporary(reply), "STARTTLS refused by " + connection.peer())
                                    : Future.succeededFuture(capabilities);
                        }
                        return connection.startTls(hop.serverName()).compose(v -> hello(connection));
                    });
                })
                .compose(capabilities -> hop.credentials() == null ? Future.succeededFuture(capabilities)
                        : authenticate(connection, hop.credentials(), policy, capabilities));
    }

    private static Future<ServerCapabilities> checkPeer(SmtpClientConnection connection, Function<List<X509Certificate>, String> peerCheck,
            ServerCapabilities capabilities) {
        String problem = connection.isTls() ? peerCheck.apply(connection.peerCertificates()) : "no TLS";
        if (problem == null) {
            return Future.succeededFuture(capabilities);
        }
        return Future.failedFuture(new PeerRejectedException(SmtpReply.of(451, "4.7.5",
                "the TLS certificate of " + connection.peer() + " is not the one DNS names: " + problem), problem));
    }

    private Future<ServerCapabilities> hello(SmtpClientConnection connection) {
        return connection.command("EHLO " + heloName, timeouts.command()).compose(ehlo -> {
            if (ehlo.code() == 250) {
                return Future.succeededFuture(ServerCapabilities.fromEhlo(ehlo));
            }
            if (ehlo.isTransientFailure()) {
                return refused(ehlo, connection.peer() + " refused EHLO");
            }
            return connection.command("HELO " + heloName, timeouts.command()).compose(helo -> helo.code() == 250
                    ? Future.succeededFuture(ServerCapabilities.NONE)
                    : refused(toTemporary(helo), connection.peer() + " refused HELO"));
        });
    }

    private Future<ServerCapabilities> authenticate(SmtpClientConnection connection, NextHop.Credentials credentials,
            TlsPolicy policy, ServerCapabilities capabilities) {
        // never send a password in the clear or to a server whose certificate was not checked
        if (!connection.isTls() || policy != TlsPolicy.VERIFY) {
            return refused(SmtpReply.of(451, "4.7.10", "not sending credentials to " + connection.peer()
                    + " without a verified TLS connection"), "no verified TLS for AUTH");
        }
        if (!capabilities.authMechanisms().contains("PLAIN")) {
            return refused(SmtpReply.of(451, "4.7.12", connection.peer() + " offers no AUTH PLAIN"), "no AUTH PLAIN");
        }
        String token = Base64.getEncoder().encodeToString(("\0" + credentials.username() + "\0" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
        return connection.command("AUTH PLAIN " + token, timeouts.command()).compose(reply -> reply.code() == 235
                ? Future.succeededFuture(capabilities)
                : refused(toTemporary(reply), "authentication as " + credentials.username() + " failed at " + connection.peer()));
    }

    /** Hop-level refusals defer the message (Postfix treats even a 5xx greeting so): another hop or a later try may work. */
    private static SmtpReply toTemporary(SmtpReply reply) {
        if (reply.isTransientFailure()) {
            return reply;
        }
        String enhanced = reply.enhancedCode() == null ? "4.0.0" : "4" + reply.enhancedCode().substring(1);
        return new SmtpReply(451, enhanced, reply.lines());
    }

    private static <T> Future<T> refused(SmtpReply reply, String message) {
        return Future.failedFuture(new HopRefusedException(toTemporary(reply), message + ": " + reply));
    }
}
