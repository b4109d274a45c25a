package edu.hamburger.mail.webmail.wellknown;

import edu.hamburger.mail.auth.MtaStsPolicy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deployment's MTA-STS policy (RFC 8461 §3.3) at https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt:
 * the webmail is the platform's HTTPS face, and the DNS records mailbox-service lists point
 * {@code mta-sts.<domain>} at it. The text, and so the {@code _mta-sts} record's id, come from the
 * same settings on both (MAIL_MX_HOSTNAME, MAIL_MTA_STS_MODE, MAIL_MTA_STS_MAX_AGE).
 */
@Path("/.well-known/mta-sts.txt")
public class MtaStsPolicyResource {

    @ConfigProperty(name = "mail.mx-hostname")
    Optional<String> mxHostname;

    @ConfigProperty(name = "mail.domain")
    String domain;

    @ConfigProperty(name = "mail.mta-sts.mode", defaultValue = "enforce")
    String mode;

    @ConfigProperty(name = "mail.mta-sts.max-age", defaultValue = "604800")
    long maxAge;

    @GET
    @Produces("text/plain")
    public Response policy() {
        MtaStsPolicy policy = MtaStsPolicy.published(mode, mxHostname, domain, maxAge);
        return Response.ok(policy.text(), "text/plain; charset=utf-8").header("Cache-Control", "public, max-age=3600").build();
    }
}
