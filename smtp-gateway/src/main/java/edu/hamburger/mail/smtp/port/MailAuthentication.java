package edu.hamburger.mail.smtp.port;

import edu.hamburger.mail.auth.InboundAuthentication;
import edu.hamburger.mail.auth.dkim.DkimResult;
import edu.hamburger.mail.auth.dmarc.DmarcRecord;
import edu.hamburger.mail.auth.dmarc.DmarcResult;
import edu.hamburger.mail.core.event.DmarcObservation;
import edu.hamburger.mail.core.topic.MailTopics;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * {@code mail_smtp_authentication_total{method,result}}, and for domains that ask for DMARC
 * aggregate reports writes each evaluation to {@code mail.dmarc.observations}.
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

    @Inject
    KafkaMailQueue queue;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

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
            observe(verdict, clientAddress, mailFrom);
        });
    }

    /** For a domain that asks for aggregate reports (rua=), what was found goes to mail.dmarc.observations. */
    private void observe(InboundAuthentication.Verdict verdict, String clientAddress, String mailFrom) {
        DmarcResult dmarc = verdict.dmarc();
        if (dmarc.record() == null || dmarc.record().aggregateReports().isEmpty()) {
            return;
        }
        DkimResult dkim = verdict.dkim().stream().filter(DkimResult::passed).findFirst()
                .orElse(verdict.dkim().stream().filter(d -> d.domain() != null).findFirst().orElse(null));
        DmarcRecord record = dmarc.record();
        DmarcObservation observation = new DmarcObservation(Instant.now(), dmarc.policyDomain(), clientAddress, dmarc.fromDomain(),
                mailFrom.isEmpty() ? "" : mailFrom.substring(mailFrom.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT),
                dmarc.result() == DmarcResult.Result.FAIL ? dmarc.applied().keyword() : "none",
                dmarc.dkimAligned() ? "pass" : "fail", dmarc.spfAligned() ? "pass" : "fail",
                dkim == null ? null : dkim.domain(), dkim == null ? null : dkim.result().keyword(),
                verdict.spf().domain(), verdict.spf().identity().equals("helo") ? "helo" : "mfrom", verdict.spf().result().keyword(),
                record.policy().keyword(), record.subdomainPolicy().keyword(), record.percent(),
                record.strictDkim() ? "s" : "r", record.strictSpf() ? "s" : "r", record.aggregateReports());
        try {
            queue.sendQuietly(new ProducerRecord<>(MailTopics.DMARC_OBSERVATIONS, dmarc.policyDomain(), json.writeValueAsBytes(observation)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a DmarcObservation always serialises", e);
        }
    }

    @Override
    public boolean deferOnTemperror() {
        return "defer".equalsIgnoreCase(temperror);
    }
}
