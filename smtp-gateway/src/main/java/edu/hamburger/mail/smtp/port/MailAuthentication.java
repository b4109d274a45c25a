package edu.hamburger.mail.smtp.port;

import edu.hamburger.mail.auth.InboundAuthentication;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.smtp.SmtpSettings;
import edu.hamburger.mail.smtp.protocol.InboundCheck;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * SPF, DKIM and DMARC for the MX (mail-auth's {@link InboundAuthentication}) on worker threads:
 * DNS waits and RSA verification never hold an event loop. Counts each method's results as
 * {@code mail_smtp_authentication_total{method,result}}.
 */
@ApplicationScoped
public class MailAuthentication implements InboundCheck {

    private static final Logger LOG = Logger.getLogger(MailAuthentication.class);

    /** mail.mx-checks.enabled: SPF, DKIM and DMARC on the MX port (MAIL_MX_CHECKS_ENABLED). */
    @ConfigProperty(name = "mail.mx-checks.enabled", defaultValue = "true")
    boolean enabled;

    /** accept (default: record the temperror and accept) or defer (451 until DNS answers). */
    @ConfigProperty(name = "mail.mx-checks.temperror", defaultValue = "accept")
    String temperror;

    /** The name in Authentication-Results; the SMTP hostname by default. */
    @ConfigProperty(name = "mail.mx-checks.authserv-id")
    Optional<String> authservId;

    /** Recursive DNS servers, "host[:port]" comma-separated (MAIL_DNS_SERVERS); empty: the system's. */
    @ConfigProperty(name = "mail.dns.servers")
    Optional<String> dnsServers;

    @ConfigProperty(name = "mail.dns.timeout", defaultValue = "5s")
    Duration dnsTimeout;

    /** The most a message's checks may take; later, they are recorded as temperror (a slow DNS must not hold the session). */
    @ConfigProperty(name = "mail.mx-checks.timeout", defaultValue = "30s")
    Duration checkTimeout;

    @ConfigProperty(name = "mail.domain")
    String domain;

    @Inject
    SmtpSettings settings;

    @Inject
    MeterRegistry registry;

    private volatile InboundAuthentication authentication;

    /** This check when enabled, else {@link InboundCheck#NONE}. */
    public InboundCheck checkOrNone() {
        if (!enabled) {
            LOG.warn("mail.mx-checks.enabled=false: mail from the internet is not checked with SPF, DKIM or DMARC");
            return InboundCheck.NONE;
        }
        String id = authservId.orElse(settings.hostname().orElse(domain));
        authentication = new InboundAuthentication(new DnsResolver(DnsSettings.parse(dnsServers.orElse(""), dnsTimeout)),
                id, Clock.systemUTC(), new SecureRandom());
        LOG.infof("MX checks on: SPF, DKIM, DMARC; authserv-id %s, DNS %s, temperror %s", id,
                dnsServers.filter(s -> !s.isBlank()).orElse("the system's resolvers"), temperror);
        return this;
    }

    @Override
    public Uni<InboundAuthentication.Verdict> check(String clientAddress, String helo, String mailFrom, byte[] message) {
        InetAddress client;
        try {
            client = InetAddress.getByName(clientAddress); // always a literal here: no lookup
        } catch (UnknownHostException e) {
            LOG.warnf("not checking a message from unreadable client address %s", clientAddress);
            return Uni.createFrom().nullItem();
        }
        return OffLoop.compute(() -> authentication.check(client, helo, mailFrom, message), checkTimeout,
                () -> authentication.timedOut(helo, mailFrom, message, checkTimeout)).invoke(verdict -> {
            registry.counter("mail.smtp.authentication", "method", "spf", "result", verdict.spf().result().keyword()).increment();
            verdict.dkim().forEach(d -> registry.counter("mail.smtp.authentication", "method", "dkim", "result", d.result().keyword()).increment());
            if (verdict.arc() != null) {
                registry.counter("mail.smtp.authentication", "method", "arc", "result", verdict.arc().result().keyword()).increment();
            }
            registry.counter("mail.smtp.authentication", "method", "dmarc", "result", verdict.dmarc().result().keyword()).increment();
        });
    }

    @Override
    public boolean deferOnTemperror() {
        return "defer".equalsIgnoreCase(temperror);
    }
}
