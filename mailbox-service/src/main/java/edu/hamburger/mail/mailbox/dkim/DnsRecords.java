package edu.hamburger.mail.mailbox.dkim;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.auth.MtaStsPolicy;
import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.core.api.admin.DnsRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The DNS records a domain of this deployment needs, as an operator pastes them into a zone: MX,
 * SPF, each published DKIM key, DMARC, MTA-STS and TLS-RPT, the mail clients' SRV records (RFC 6186,
 * with RFC 8314's implicit TLS first) and the autoconfig/autodiscover hosts. Names are fully qualified (no final
 * dot); TXT values are the logical string (a zone file splits one over 255 octets into several).
 */
@ApplicationScoped
public class DnsRecords {

    /** mail.mx-hostname, mail.dns-records.*, mail.web-hostname, mail.mta-sts.* (docs/configuration.md). */
    @Inject
    MailboxSettings settings;

    public String mxHost() {
        return MtaStsPolicy.mxHost(settings.mxHostname(), settings.domain());
    }

    public MtaStsPolicy mtaSts() {
        return MtaStsPolicy.published(settings.mtaSts().mode(), settings.mxHostname(), settings.domain(), settings.mtaSts().maxAge());
    }

    public List<DnsRecord> of(String domain, List<DkimKey> keys) {
        List<DnsRecord> records = new ArrayList<>();
        records.add(new DnsRecord("MX", domain, "10 " + mxHost()));
        records.add(new DnsRecord("TXT", domain, settings.dnsRecords().spf()));
        for (DkimKey key : keys) {
            if (key.published()) {
                DkimAlgorithm algorithm = DkimAlgorithm.ofTag(key.algorithm);
                records.add(new DnsRecord("TXT", key.selector + "._domainkey." + domain,
                        "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(key.publicKey)));
            }
        }
        records.add(new DnsRecord("TXT", "_dmarc." + domain, settings.dnsRecords().dmarc().replace("%s", domain)));
        records.add(new DnsRecord("TXT", "_mta-sts." + domain, "v=STSv1; id=" + mtaSts().id()));
        records.add(new DnsRecord("CNAME", "mta-sts." + domain, settings.webHostname().filter(h -> !h.isBlank()).orElse(mxHost())));
        records.add(new DnsRecord("TXT", "_smtp._tls." + domain, settings.dnsRecords().tlsRpt().replace("%s", domain)));
        clientRecords(domain, records);
        return records;
    }

    /**
     * Where mail clients find the servers (RFC 6186 SRV, "priority weight port target"): implicit
     * TLS preferred over STARTTLS (RFC 8314 section 5.1), the standard ports the deployment's
     * Services and Ingress publish; and the hosts Thunderbird and Outlook ask for their settings.
     */
    private void clientRecords(String domain, List<DnsRecord> records) {
        String host = mxHost();
        records.add(new DnsRecord("SRV", "_submissions._tcp." + domain, "0 1 465 " + host));
        records.add(new DnsRecord("SRV", "_submission._tcp." + domain, "10 1 587 " + host));
        records.add(new DnsRecord("SRV", "_imaps._tcp." + domain, "0 1 993 " + host));
        records.add(new DnsRecord("SRV", "_imap._tcp." + domain, "10 1 143 " + host));
        records.add(new DnsRecord("SRV", "_pop3s._tcp." + domain, "0 1 995 " + host));
        records.add(new DnsRecord("SRV", "_pop3._tcp." + domain, "10 1 110 " + host));
        String web = settings.webHostname().filter(h -> !h.isBlank()).orElse(host);
        records.add(new DnsRecord("CNAME", "autoconfig." + domain, web));
        records.add(new DnsRecord("CNAME", "autodiscover." + domain, web));
    }
}
