package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.api.WebSessionKey;
import edu.hamburger.mail.core.api.WebSessionStart;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.webmail.WebmailSettings;
import edu.hamburger.mail.webmail.session.SessionFilter;
import edu.hamburger.mail.webmail.session.SessionSealer;
import edu.hamburger.mail.webmail.session.SignedIn;
import edu.hamburger.mail.webmail.session.WebSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signing in and out. A browser gets the session in an HttpOnly, SameSite=Strict cookie and the
 * CSRF token in the answer; an API client asks {@code /tokens} for a bearer token instead.
 * Failed logins are counted by mailbox-service's login policy, shared with SMTP, IMAP and POP3:
 * while it makes a client wait, the answer is 429 with Retry-After.
 */
@Path("/api/v1")
@Tag(name = "session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    MailboxAccounts accounts;

    @Inject
    SessionSealer sealer;

    @Inject
    edu.hamburger.mail.webmail.api.MailStore store;

    @Inject
    SignedIn signedIn;

    @Inject
    WebmailSettings settings;

    public record Credentials(String username, String password) {
    }

    /** What the client may know of its session. */
    public record SessionInfo(String address, String csrfToken, Instant expiresAt) {
        static SessionInfo of(WebSession session) {
            return new SessionInfo(session.address(), session.csrfToken(), session.expiresAt());
        }
    }

    public record BearerToken(String token, String address, Instant expiresAt) {
    }

    @POST
    @Path("/session")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in: sets the session cookie, answers the CSRF token")
    public Uni<Response> login(Credentials credentials, @Context HttpServerRequest request) {
        return signIn(credentials, request, false).map(session -> Response.ok(SessionInfo.of(session))
                .cookie(cookie(sealer.seal(session), settings.sessionLifetime())).build());
    }

    @POST
    @Path("/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A bearer token for an API client (Authorization: Bearer ...)")
    public Uni<BearerToken> token(Credentials credentials, @Context HttpServerRequest request) {
        return signIn(credentials, request, true).map(session -> new BearerToken(sealer.seal(session), session.address(), session.expiresAt()));
    }

    @GET
    @Path("/session")
    @Operation(summary = "Who is signed in, and the CSRF token (after a page reload)")
    public SessionInfo current() {
        return SessionInfo.of(signedIn.session());
    }

    @DELETE
    @Path("/session")
    @Operation(summary = "Sign out: the session ends on every replica and the cookie is removed")
    public Uni<Response> logout() {
        return end(signedIn.session()).map(v -> Response.noContent().cookie(cookie("", Duration.ZERO)).build());
    }

    @DELETE
    @Path("/tokens/current")
    @Operation(summary = "Revoke the bearer token this request carries")
    public Uni<Response> revokeToken() {
        return end(signedIn.session()).map(v -> Response.noContent().build());
    }

    private Uni<Void> end(WebSession session) {
        return store.api().endWebSession(new WebSessionKey(session.serverKey()));
    }

    private Uni<WebSession> signIn(Credentials credentials, HttpServerRequest request, boolean bearer) {
        if (credentials == null || credentials.username() == null || credentials.password() == null
                || credentials.username().isBlank() || credentials.username().length() > 320 || credentials.password().length() > 1024) {
            return Uni.createFrom().failure(Problem.badRequest("username and password are required"));
        }
        if (credentials.username().indexOf('\0') >= 0 || credentials.password().indexOf('\0') >= 0) {
            return Uni.createFrom().failure(Problem.badRequest("a user name or password cannot contain NUL"));
        }
        // behind the ingress this is the real client: Quarkus takes it from Forwarded/X-Forwarded-For,
        // but only from the proxies quarkus.http.proxy.trusted-proxies names (docs/security.md)
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String username = credentials.username().trim();
        return accounts.authenticate(username, credentials.password(), client, "webmail").chain(account -> {
            if (account == null) {
                throw new Problem(Response.Status.UNAUTHORIZED, "wrong user name or password");
            }
            Instant expires = Instant.now().plus(settings.sessionLifetime());
            // the session is kept by mailbox-service; the sealed token only names it
            return store.api().startWebSession(new WebSessionStart(account.accountId(), settings.sessionLifetime().toSeconds()))
                    // the login may have been answered from the credential cache, which hears of a
                    // disabled or deleted account through mailbox.changes a moment later: mailbox-service
                    // has no such account for a session, so this is a refused login, not a missing page
                    .onFailure(failure -> failure instanceof StoreException refused && refused.code() == ErrorCode.NOT_FOUND)
                    .transform(failure -> new Problem(Response.Status.UNAUTHORIZED, "wrong user name or password"))
                    .map(key -> sealer.open(account.accountId(), account.address(), key.token(), expires, bearer));
        }).onFailure(edu.hamburger.mail.core.api.StoreException::tryLater).transform(later -> new TooManyLogins(((StoreException) later).retryAfter()));
    }

    private NewCookie cookie(String value, Duration maxAge) {
        return new NewCookie.Builder(SessionFilter.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(settings.secureCookie())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) maxAge.toSeconds())
                .build();
    }

    /** 429 with Retry-After: the login policy makes this client wait (too many failures). */
    public static final class TooManyLogins extends RuntimeException {
        final Duration wait;

        TooManyLogins(Duration wait) {
            super("too many failed logins", null, false, false);
            this.wait = wait;
        }
    }

    @org.jboss.resteasy.reactive.server.ServerExceptionMapper
    public Response tooMany(TooManyLogins e) {
        return Response.fromResponse(Problem.response(429, "too_many_logins", "too many failed logins; try again later"))
                .header("Retry-After", Math.max(1, e.wait.toSeconds())).build();
    }
}
