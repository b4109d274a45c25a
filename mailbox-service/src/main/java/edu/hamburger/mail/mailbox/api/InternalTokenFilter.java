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
 * Every call under {@code /api} must carry {@code Authorization: Bearer <mail.internal-api.token>},
 * and under {@code /api/v1/admin} the operators' {@code mail.admin-api.token} instead: a gateway's
 * token cannot create accounts. In Kubernetes a NetworkPolicy narrows who can call at all.
 */
public class InternalTokenFilter {

    private final byte[] serviceToken;
    private final byte[] adminToken;

    InternalTokenFilter(@ConfigProperty(name = "mail.internal-api.token") String token,
                        @ConfigProperty(name = "mail.admin-api.token") String admin) {
        if (token.length() < 16 || admin.length() < 16) {
            throw new IllegalStateException("mail.internal-api.token and mail.admin-api.token need at least 16 characters");
        }
        if (token.equals(admin)) {
            throw new IllegalStateException("the admin token must differ from the services' token");
        }
        this.serviceToken = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.adminToken = ("Bearer " + admin).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        byte[] expected = path.startsWith(InternalApi.BASE_PATH + "/admin") ? adminToken : serviceToken;
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
