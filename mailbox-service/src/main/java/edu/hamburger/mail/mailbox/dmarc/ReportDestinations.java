package edu.hamburger.mail.mailbox.dmarc;

import edu.hamburger.mail.auth.dmarc.PublicSuffixList;
import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.core.address.MailAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a domain's aggregate reports may go (RFC 7489 §7.1): its rua= mailto: addresses (a "!size"
 * limit dropped), each in the domain's own organisation, or in another that agreed to receive
 * them by publishing {@code <domain>._report._dmarc.<their domain>} with v=DMARC1. Without that
 * check anyone could make us mail reports about them to a third party.
 */
final class ReportDestinations {

    private final DnsResolver dns;
    private final PublicSuffixList suffixes;

    ReportDestinations(DnsResolver dns, PublicSuffixList suffixes) {
        this.dns = dns;
        this.suffixes = suffixes;
    }

    /** Blocking (DNS): the addresses reports for {@code policyDomain} may be sent to. */
    List<MailAddress> of(String policyDomain, List<String> rua) {
        List<MailAddress> allowed = new ArrayList<>();
        for (String uri : rua) {
            String target = uri.strip();
            if (!target.toLowerCase(Locale.ROOT).startsWith("mailto:")) {
                continue;
            }
            target = target.substring("mailto:".length());
            int limit = target.indexOf('!');
            if (limit >= 0) {
                target = target.substring(0, limit);
            }
            MailAddress address;
            try {
                address = MailAddress.parse(java.net.URLDecoder.decode(target, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) { // an AddressSyntaxException or bad %-encoding
                continue;
            }
            String domain = address.domainKey();
            if (suffixes.organisationalDomain(domain).equals(suffixes.organisationalDomain(policyDomain)) || agreed(policyDomain, domain)) {
                allowed.add(address);
            }
        }
        return allowed;
    }

    private boolean agreed(String policyDomain, String receiverDomain) {
        DnsAnswer answer = dns.lookup(policyDomain + "._report._dmarc." + receiverDomain, DnsType.TXT);
        return answer.ok() && answer.records().stream().anyMatch(r -> r.startsWith("v=DMARC1"));
    }
}
