package edu.hamburger.mail.mailbox.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.auth.dmarc.PublicSuffixList;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import edu.hamburger.mail.core.address.MailAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7489 §7.1: reports go to another organisation only if it published that it wants them. */
class ReportDestinationsTest {

    @Test
    void ownOrganisationAlwaysOthersOnlyWithTheirConsent() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.txt("crepes.fr._report._dmarc.reports.example", "v=DMARC1");
            ReportDestinations destinations = new ReportDestinations(
                    new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))), PublicSuffixList.shipped());
            List<MailAddress> to = destinations.of("crepes.fr", List.of("mailto:dmarc@mail.crepes.fr!10m",
                    "mailto:agg@reports.example", "mailto:victim@elsewhere.example", "https://not-mail.example/", "mailto:not an address"));
            assertEquals(List.of("dmarc@mail.crepes.fr", "agg@reports.example"), to.stream().map(MailAddress::toString).toList());
        }
    }
}
