package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.smtp.SmtpReply;
import edu.hamburger.mail.relay.RelayConfig;
import edu.hamburger.mail.auth.dane.DaneVerifier;
import edu.hamburger.mail.relay.route.Dane;
import edu.hamburger.mail.relay.route.DestinationRouter;
import edu.hamburger.mail.relay.route.NextHop;
import edu.hamburger.mail.relay.route.Route;
import edu.hamburger.mail.relay.route.RoutingException;
import edu.hamburger.mail.relay.route.TlsPolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers one queued record (recipients of one domain) to that domain's servers: route, take a
 * slot of the destination's concurrency limit, reuse an idle connection or open one, trying the
 * hops in order until one takes the transaction. Deliveries are spread over the event loops
 * round-robin; each loop keeps its own share of every destination's concurrency limit and its
 * own idle connections, so none of that state needs a lock and one busy domain uses every core.
 */
public final class SmtpDeliveryClient {

    private final Vertx vertx;
    private final Context[] loops;
    private final DestinationRouter router;
    private final SessionOpener opener;
    private final TlsSessionLog tlsSessions;
    private final MessageTransfer transfer;
    private final RelayConfig config;
    private final List<Map<String, Destination>> destinations = new ArrayList<>(); // one map per loop, touched only there
    private final AtomicInteger nextLoop = new AtomicInteger();

    public SmtpDeliveryClient(Vertx vertx, int loopCount, DestinationRouter router, SessionOpener opener, RelayConfig config) {
        this(vertx, loopCount, router, opener, config, TlsSessionLog.NONE);
    }

    /** @param tlsSessions told how each session opened for a route went for TLS */
    public SmtpDeliveryClient(Vertx vertx, int loopCount, DestinationRouter router, SessionOpener opener, RelayConfig config,
            TlsSessionLog tlsSessions) {
        this.tlsSessions = tlsSessions;
        this.vertx = vertx;
        this.loops = new Context[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = vertx.getOrCreateContext(); // outside a Vert.x thread each call makes a new event-loop context
            destinations.add(new HashMap<>());
        }
        this.router = router;
        this.opener = opener;
        this.transfer = new MessageTransfer(config.timeouts());
        this.config = config;
    }

    /** Completes with a reply for every recipient; it never fails (a failure is a 4xx reply). */
    public CompletionStage<TransferResult> deliver(String domain, Envelope envelope, byte[] message) {
        CompletableFuture<TransferResult> result = new CompletableFuture<>();
        int index = Math.floorMod(nextLoop.getAndIncrement(), loops.length);
        Context loop = loops[index];
        loop.runOnContext(start -> router.route(domain).subscribe().with(
                route -> loop.runOnContext(v -> deliverOnLoop(destinations.get(index), route, envelope, message).onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else { // a bug, not a network condition: defer rather than lose the message
                        result.complete(MessageTransfer.allRecipients(envelope, SmtpReply.of(451, "4.3.0",
                                "internal error while delivering: " + ar.cause()), "MAIL FROM", null));
                    }
                })),
                failure -> result.complete(MessageTransfer.allRecipients(envelope, failure instanceof RoutingException routing
                        ? routing.reply()
                        : SmtpReply.of(451, "4.4.3", "routing " + domain + " failed: " + failure.getMessage()), "DNS lookup", null))));
        return result;
    }

    private Future<TransferResult> deliverOnLoop(Map<String, Destination> loopDestinations, Route route, Envelope envelope, byte[] message) {
        // each loop gets an equal share of the limit, so all loops together never exceed it
        Destination destination = loopDestinations.computeIfAbsent(route.domain(),
                d -> new Destination(Math.max(1, config.destinationConcurrency() / loops.length)));
        return destination.acquire()
                .compose(v -> tryHop(destination, route, 0, envelope, message, null))
                .onComplete(ar -> destination.release());
    }

    private Future<TransferResult> tryHop(Destination destination, Route route, int index, Envelope envelope, byte[] message,
            SmtpReply lastFailure) {
        if (index == route.hops().size()) {
            return Future.succeededFuture(MessageTransfer.allRecipients(envelope, lastFailure, "connect", null));
        }
        NextHop hop = route.hops().get(index);
        String key = hop.address() + "|" + route.tlsPolicy() + "|" + hop.credentials() + (route.dane(hop) == null ? "" : "|dane");
        return session(destination, route, hop, key)
                .compose(session -> transfer.transfer(session, envelope, message).onSuccess(r -> keepOrClose(destination, session)))
                .recover(e -> tryHop(destination, route, index + 1, envelope, message, hopFailure(hop, e)));
    }

    /** An idle connection that still answers RSET, or a new one. */
    private Future<ClientSession> session(Destination destination, Route route, NextHop hop, String key) {
        ClientSession idle = destination.takeIdle(key);
        if (idle == null) {
            return open(route, hop, key);
        }
        return idle.connection().command("RSET", config.timeouts().command())
                .compose(reply -> {
                    if (reply.code() == 250) {
                        return Future.succeededFuture(idle);
                    }
                    idle.connection().close();
                    return open(route, hop, key);
                }, e -> open(route, hop, key));
    }

    /**
     * A new session, as the receiver's MTA-STS policy says (RFC 8461 §5): under {@code enforce} an
     * MX the policy does not name is not used (451 4.7.5) and the route's level is already
     * {@code verify}; under {@code testing} the session is first tried with {@code verify} so that
     * its report says whether the policy would have held, and opened again at the route's own level
     * if it would not: testing never stops a delivery.
     */
    private Future<ClientSession> open(Route route, NextHop hop, String key) {
        Dane dane = route.dane(hop);
        if (dane != null) {
            return openWithDane(route, hop, key, dane);
        }
        if (!route.policyAllows(hop)) {
            tlsSessions.session(route, hop, new TlsSession(TlsSessionResult.VALIDATION_FAILURE, null, hop.host()));
            if (route.enforced()) {
                return Future.failedFuture(new HopRefusedException(SmtpReply.of(451, "4.7.5", "MX host " + hop.serverName()
                        + " is not in the MTA-STS policy of " + route.domain() + " (mx: " + route.mtaSts().mxHosts() + ")"),
                        "MX not in the MTA-STS policy"));
            }
            return opener.open(hop, route.tlsPolicy(), key); // testing: reported above, delivered as without a policy
        }
        boolean testing = route.mtaSts() != null && !route.enforced()
                && (route.tlsPolicy() == TlsPolicy.MAY || route.tlsPolicy() == TlsPolicy.ENCRYPT);
        if (testing) {
            return opener.open(hop, TlsPolicy.VERIFY, key, session -> tlsSessions.session(route, hop, session))
                    .recover(e -> TlsSessionResult.ofFailure(e) != null ? opener.open(hop, route.tlsPolicy(), key) : Future.failedFuture(e));
        }
        return opener.open(hop, route.tlsPolicy(), key, session -> tlsSessions.session(route, hop, session));
    }

    /**
     * RFC 7672 §2.2: TLS is required and, with usable records, the certificate must match one of
     * them (DaneVerifier); the names a DANE-TA certificate may carry are the MX host and the domain.
     */
    private Future<ClientSession> openWithDane(Route route, NextHop hop, String key, Dane dane) {
        java.util.function.Consumer<TlsSession> told = session -> tlsSessions.session(route, hop, session);
        return switch (dane.mode()) {
            case UNREACHABLE -> {
                tlsSessions.session(route, hop, new TlsSession(TlsSessionResult.DNSSEC_INVALID, null, hop.host()));
                yield Future.failedFuture(new HopRefusedException(SmtpReply.of(451, "4.7.5", "the TLSA records of " + hop.serverName()
                        + " could not be looked up, and its zone is signed: not used"), "DANE lookup failed"));
            }
            case ENCRYPT -> opener.open(hop, TlsPolicy.ENCRYPT, key, told);
            case AUTHENTICATE -> opener.open(hop, TlsPolicy.ENCRYPT, key, told,
                    chain -> DaneVerifier.check(chain, dane.records(), List.of(hop.serverName(), route.domain())));
        };
    }

    private void keepOrClose(Destination destination, ClientSession session) {
        if (!session.connection().usable() || session.transactions() >= config.connections().reuseLimit()) {
            session.connection().quit();
            return;
        }
        destination.putIdle(session);
        vertx.setTimer(config.connections().idleTime().toMillis(), id -> {
            if (destination.removeIdle(session)) {
                session.connection().quit();
            }
        });
    }

    private static SmtpReply hopFailure(NextHop hop, Throwable e) {
        if (e instanceof HopRefusedException refused) {
            return refused.reply();
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return SmtpReply.of(451, message.startsWith("timeout") ? "4.4.2" : "4.4.1",
                message.contains(hop.address()) ? message : "connect to " + hop.address() + ": " + message);
    }
}
