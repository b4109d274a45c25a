package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.core.api.WebSessionKey;
import edu.hamburger.mail.core.api.WebSessionStart;
import edu.hamburger.mail.mailbox.login.WebSessions;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * The webmail's sessions (the service token's callers only): started after a checked sign-in,
 * looked up on every webmail request, ended at logout, and ended for an account by a password
 * change, a disable or its deletion. Tokens travel in bodies, never in URLs (access logs).
 */
@Path(InternalApi.BASE_PATH + "/web-sessions")
public class WebSessionResource {

    @Inject
    WebSessions sessions;

    /** 200 with the session's token; 404 for an unknown or disabled account. */
    @POST
    public Uni<Response> start(WebSessionStart request) {
        if (request == null || request.lifetimeSeconds() <= 0) {
            return Uni.createFrom().item(ApiExceptionMapper.error(ErrorCode.INVALID, "accountId and a positive lifetimeSeconds are required"));
        }
        return sessions.start(request.accountId(), Duration.ofSeconds(request.lifetimeSeconds()))
                .map(token -> token == null ? ApiExceptionMapper.error(ErrorCode.NOT_FOUND, "no such account")
                        : Response.ok(new WebSessionKey(token)).build());
    }

    /** 200 with the account of a live session; 404 when it ended, expired or never was. */
    @POST
    @Path("/lookup")
    public Uni<Response> lookup(WebSessionKey key) {
        return sessions.find(key == null ? null : key.token())
                .map(account -> account == null ? ApiExceptionMapper.error(ErrorCode.NOT_FOUND, "no such session")
                        : Response.ok(account).build());
    }

    /** 204, whether or not the session still existed. */
    @POST
    @Path("/end")
    public Uni<Response> end(WebSessionKey key) {
        return sessions.end(key == null ? null : key.token()).map(v -> Response.noContent().build());
    }
}
