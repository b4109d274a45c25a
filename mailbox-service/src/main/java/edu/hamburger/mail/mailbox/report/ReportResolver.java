package edu.hamburger.mail.mailbox.report;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** mailbox-service's one DNS resolver (and so one cache), for the reports' DNS lookups. */
@ApplicationScoped
public class ReportResolver {

    @Produces
    @Singleton
    DnsResolver dns(MailboxSettings settings) {
        return new DnsResolver(DnsSettings.parse(settings.dns().servers().orElse(""), settings.dns().timeout()));
    }
}
