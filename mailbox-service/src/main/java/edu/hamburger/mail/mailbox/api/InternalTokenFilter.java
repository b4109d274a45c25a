package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.mailbox.api.ServiceScope.Service;
import io.quarkus.runtime.LaunchMode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every call under {@code /api} must carry a bearer token. Under {@code /api/v1/admin} only the
 * operators' {@code mail.admin-api.token} opens. Elsewhere each service presents its own token
 * ({@code mail.internal-api.smtp-token}, {@code imap-token}, {@code pop3-token},
 * {@code webmail-token}, {@code relay-token}), which opens only the paths that service needs
 * ({@link ServiceScope}); {@code mail.internal-api.token}, when set, is one token for all of them
 * (the local stack and tests; production sets the per-service ones). Tokens are compared in
 * constant time. In Kubernetes a NetworkPolicy narrows who can call at all.
 */
public class InternalTokenFilter {

    private static final Logger LOG = Logger.getLogger(InternalTokenFilter.class);

    private final Map<Service, byte[]> serviceTokens = new EnumMap<>(Service.class);
    private final byte[] adminToken;

    InternalTokenFilter(MailboxSettings settings) {
        MailboxSettings.InternalApi tokens = settings.internalApi();
        Optional<String> shared = tokens.token();
        Optional<String> smtp = tokens.smtpToken();
        Optional<String> imap = tokens.imapToken();
        Optional<String> pop3 = tokens.pop3Token();
        Optional<String> webmail = tokens.webmailToken();
        Optional<String> relay = tokens.relayToken();
        String admin = settings.adminApi().token();
        if (admin.length() < 16) {
            throw new IllegalStateException("mail.admin-api.token needs at least 16 characters");
        }
        Map<Service, Optional<String>> configured = Map.of(Service.SHARED, shared, Service.SMTP, smtp, Service.IMAP, imap,
                Service.POP3, pop3, Service.WEBMAIL, webmail, Service.RELAY, relay);
        configured.forEach((service, token) -> token.filter(t -> !t.isBlank()).ifPresent(t -> serviceTokens.put(service, bearer(t))));
        if (serviceTokens.isEmpty()) {
            throw new IllegalStateException("no service token: set mail.internal-api.<smtp|imap|pop3|webmail|relay>-token"
                    + " (or the shared mail.internal-api.token)");
        }
        Set<String> distinct = new HashSet<>();
        for (byte[] token : serviceTokens.values()) {
            String text = new String(token, StandardCharsets.UTF_8);
            if (text.length() < "Bearer ".length() + 16) {
                throw new IllegalStateException("every internal API token needs at least 16 characters");
            }
            if (!distinct.add(text)) {
                throw new IllegalStateException("each service needs a token of its own: two are the same");
            }
        }
        this.adminToken = bearer(admin);
        if (distinct.contains(new String(adminToken, StandardCharsets.UTF_8))) {
            throw new IllegalStateException("the admin token must differ from the services' tokens");
        }
        if (serviceTokens.containsKey(Service.SHARED) && LaunchMode.current() == LaunchMode.NORMAL && serviceTokens.size() == 1) {
            LOG.info("one internal API token serves every service (mail.internal-api.token); per-service tokens"
                    + " limit each service to what it needs (docs/security.md)");
        }
    }

    private static byte[] bearer(String token) {
        return ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter(preMatching = true)
    public Response checkToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        byte[] presented = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
        if (path.startsWith(InternalApi.BASE_PATH + "/admin")) {
            return MessageDigest.isEqual(adminToken, presented) ? null : refused("missing or wrong admin token");
        }
        Service caller = null;
        for (Map.Entry<Service, byte[]> token : serviceTokens.entrySet()) { // all compared: no early exit to time
            if (MessageDigest.isEqual(token.getValue(), presented)) {
                caller = token.getKey();
            }
        }
        if (caller == null) {
            return refused("missing or wrong internal service token");
        }
        ServiceScope needed = path.startsWith(InternalApi.BASE_PATH + "/") ? ServiceScope.of(path) : null;
        if (needed == null || !ServiceScope.of(caller).contains(needed)) {
            return Response.status(Response.Status.FORBIDDEN)
                    .entity("{\"error\":\"forbidden\",\"message\":\"this service's token does not open " + path.replaceAll("[^/A-Za-z0-9._-]", "?") + "\"}")
                    .type("application/json").build();
        }
        return null;
    }

    private static Response refused(String why) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mailbox-service\"")
                .entity("{\"error\":\"" + why + "\"}")
                .type("application/json").build();
    }
}
