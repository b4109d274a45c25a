package edu.hamburger.mail.relay.admin;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The queue admin API needs {@code Authorization: Bearer <mail.admin-api.token>}, the same
 * operators' token as mailbox-service's admin API. Without a configured token the API is closed.
 */
public class AdminTokenFilter {

    private final byte[] expected;

    AdminTokenFilter(@ConfigProperty(name = "mail.admin-api.token") java.util.Optional<String> token) {
        this.expected = token.filter(t -> t.length() >= 16).map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        String presented = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        // constant-time comparison: the token must not leak through response timing
        if (expected != null && presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"queue-relay\"")
                .entity("{\"error\":\"unauthorized\",\"message\":\"missing or wrong admin token\"}")
                .type("application/json").build();
    }
}
