package edu.hamburger.mail.mailbox.dkim;

import edu.hamburger.mail.auth.MtaStsPolicy;
import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.core.api.admin.DnsRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The DNS records a domain of this deployment needs, as an operator pastes them into a zone: MX,
 * SPF, each published DKIM key, DMARC, MTA-STS and TLS-RPT, the mail clients' SRV records (RFC 6186,
 * with RFC 8314's implicit TLS first) and the autoconfig/autodiscover hosts. Names are fully qualified (no final
 * dot); TXT values are the logical string (a zone file splits one over 255 octets into several).
 */
@ApplicationScoped
public class DnsRecords {

    /** The MX host of every domain (MAIL_MX_HOSTNAME); "mail." + mail.domain by default. */
    @ConfigProperty(name = "mail.mx-hostname")
    Optional<String> mxHostname;

    @ConfigProperty(name = "mail.domain")
    String deploymentDomain;

    /** Overrides the SPF record (MAIL_DNS_RECORDS_SPF), e.g. to add the relays' own addresses. */
    @ConfigProperty(name = "mail.dns-records.spf", defaultValue = "v=spf1 mx -all")
    String spf;

    /** The DMARC policy; %s is the domain (for its postmaster). */
    @ConfigProperty(name = "mail.dns-records.dmarc", defaultValue = "v=DMARC1; p=reject; rua=mailto:postmaster@%s")
    String dmarc;

    /** The TLS-RPT record; %s is the domain. */
    @ConfigProperty(name = "mail.dns-records.tls-rpt", defaultValue = "v=TLSRPTv1; rua=mailto:postmaster@%s")
    String tlsRpt;

    /** Where the webmail answers https://mta-sts.<domain>/ (MAIL_WEB_HOSTNAME); the MX host by default. */
    @ConfigProperty(name = "mail.web-hostname")
    Optional<String> webHostname;

    @ConfigProperty(name = "mail.mta-sts.mode", defaultValue = "enforce")
    String mtaStsMode;

    @ConfigProperty(name = "mail.mta-sts.max-age", defaultValue = "604800")
    long mtaStsMaxAge;

    public String mxHost() {
        return MtaStsPolicy.mxHost(mxHostname, deploymentDomain);
    }

    public MtaStsPolicy mtaSts() {
        return MtaStsPolicy.published(mtaStsMode, mxHostname, deploymentDomain, mtaStsMaxAge);
    }

    public List<DnsRecord> of(String domain, List<DkimKey> keys) {
        List<DnsRecord> records = new ArrayList<>();
        records.add(new DnsRecord("MX", domain, "10 " + mxHost()));
        records.add(new DnsRecord("TXT", domain, spf));
        for (DkimKey key : keys) {
            if (key.published()) {
                DkimAlgorithm algorithm = DkimAlgorithm.ofTag(key.algorithm);
                records.add(new DnsRecord("TXT", key.selector + "._domainkey." + domain,
                        "v=DKIM1; k=" + algorithm.keyType() + "; p=" + Base64.getEncoder().encodeToString(key.publicKey)));
            }
        }
        records.add(new DnsRecord("TXT", "_dmarc." + domain, dmarc.replace("%s", domain)));
        records.add(new DnsRecord("TXT", "_mta-sts." + domain, "v=STSv1; id=" + mtaSts().id()));
        records.add(new DnsRecord("CNAME", "mta-sts." + domain, webHostname.filter(h -> !h.isBlank()).orElse(mxHost())));
        records.add(new DnsRecord("TXT", "_smtp._tls." + domain, tlsRpt.replace("%s", domain)));
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
        String web = webHostname.filter(h -> !h.isBlank()).orElse(host);
        records.add(new DnsRecord("CNAME", "autoconfig." + domain, web));
        records.add(new DnsRecord("CNAME", "autodiscover." + domain, web));
    }
}
