package edu.hamburger.mail.mailbox.report;

import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** mailbox-service's one DNS resolver (and so one cache), for the reports' DNS lookups. */
@ApplicationScoped
public class ReportResolver {

    @Produces
    @Singleton
    DnsResolver dns(@ConfigProperty(name = "mail.dns.servers") Optional<String> servers,
                    @ConfigProperty(name = "mail.dns.timeout", defaultValue = "5s") Duration timeout) {
        return new DnsResolver(DnsSettings.parse(servers.orElse(""), timeout));
    }
}
