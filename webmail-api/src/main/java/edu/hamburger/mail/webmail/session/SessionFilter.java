package edu.hamburger.mail.webmail.session;

import edu.hamburger.mail.webmail.api.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.api.WebSessionKey;
import io.smallrye.mutiny.Uni;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/v1} request but logging in needs a session: a bearer token
 * ({@code Authorization: Bearer ...}) or the session cookie. A request carrying the cookie that
 * could change something (not GET/HEAD) must also repeat the session's CSRF token in
 * {@code X-CSRF-Token}: the cookie is SameSite=Strict already, the token is the second lock.
 * The session must still be alive in mailbox-service, which is asked on every request: a logout
 * on another replica, a password change, a disable or the account's deletion end it at once.
 */
public class SessionFilter {

    public static final String COOKIE = "mail_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    SessionSealer sealer;

    @Inject
    edu.hamburger.mail.webmail.api.MailStore store;

    @Inject
    SignedIn signedIn;

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/v1/") || isLogin(request.getMethod(), path)) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        String token;
        if (bearer) {
            token = authorization.substring(7).trim();
        } else {
            Cookie cookie = request.getCookies().get(COOKIE);
            token = cookie == null ? null : cookie.getValue();
        }
        Optional<WebSession> sealed = sealer.unseal(token)
                .filter(s -> s.bearer() == bearer)
                .filter(s -> !s.expired(Instant.now()));
        if (sealed.isEmpty()) {
            return Uni.createFrom().item(NOT_SIGNED_IN.get());
        }
        WebSession session = sealed.get();
        if (!bearer && !SAFE_METHODS.contains(request.getMethod())
                && !sameToken(session.csrfToken(), request.getHeaderString(CSRF_HEADER))) {
            return Uni.createFrom().item(Problem.response(Response.Status.FORBIDDEN, "missing or wrong " + CSRF_HEADER));
        }
        return store.api().webSession(new WebSessionKey(session.serverKey()))
                .map(account -> {
                    if (account.accountId() != session.accountId()) {
                        return NOT_SIGNED_IN.get();
                    }
                    signedIn.set(session);
                    // the request's span (Quarkus traces every request) says whose it is
                    io.opentelemetry.api.trace.Span.current().setAttribute("mail.account", session.address());
                    return (Response) null;
                })
                .onFailure(StoreException.class).recoverWithItem(e -> ((StoreException) e).code() == ErrorCode.NOT_FOUND
                        ? NOT_SIGNED_IN.get()
                        : Problem.response(Response.Status.SERVICE_UNAVAILABLE, "sessions cannot be checked now; try again"));
    }

    private static final java.util.function.Supplier<Response> NOT_SIGNED_IN =
            () -> Problem.response(Response.Status.UNAUTHORIZED, "not signed in");

    private static boolean isLogin(String method, String path) {
        return "POST".equals(method) && (path.equals("/api/v1/session") || path.equals("/api/v1/tokens"));
    }

    private static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.UTF_8));
    }

}
