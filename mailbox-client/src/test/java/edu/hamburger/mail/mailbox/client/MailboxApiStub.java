package edu.hamburger.mail.mailbox.client;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for mailbox-service in the gateways' own tests (the gateway is what is under test):
 * it answers {@code /api/v1/ping} on a free port, only with the right token, and can be switched
 * off to prove that readiness really depends on it. The system tests use the real service.
 */
public class MailboxApiStub implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "stub-internal-token";
    private static volatile boolean answering = true;
    private Vertx vertx;
    private HttpServer server;

    /** Makes the stub refuse every call (503), as a mailbox-service that is down would. */
    public static void setAnswering(boolean value) {
        answering = value;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            if (!answering) {
                request.response().setStatusCode(503).end();
            } else if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
                request.response().setStatusCode(401).end();
            } else if (request.path().equals("/api/v1/ping")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end("{\"service\":\"mailbox-service-stub\",\"apiVersion\":\"v1\"}");
            } else {
                request.response().setStatusCode(404).end();
            }
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("mailbox API stub did not start", e);
        }
        return Map.of("mail.mailbox-api.url", "http://127.0.0.1:" + server.actualPort(),
                "mail.internal-api.token", TOKEN);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
