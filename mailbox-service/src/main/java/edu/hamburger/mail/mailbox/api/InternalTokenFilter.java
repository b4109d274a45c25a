package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every call under {@code /api} must carry {@code Authorization: Bearer <mail.internal-api.token>}.
 * Only the platform's own services hold the token; in Kubernetes a NetworkPolicy narrows it further.
 */
public class InternalTokenFilter {

    private final byte[] expected;

    InternalTokenFilter(@ConfigProperty(name = "mail.internal-api.token") String token) {
        if (token.length() < 16) {
            throw new IllegalStateException("mail.internal-api.token must be at least 16 characters");
        }
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(InternalApi.BASE_PATH)) {
            return null;
        }
        String presented = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        // constant-time comparison: the token must not leak through response timing
        if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mailbox-service\"")
                .entity("{\"error\":\"missing or wrong internal service token\"}")
                .type("application/json").build();
    }
}
