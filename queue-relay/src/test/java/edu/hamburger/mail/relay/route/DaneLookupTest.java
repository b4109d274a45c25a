package edu.hamburger.mail.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import edu.hamburger.mail.core.net.IpNetworks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * RFC 7672 §2.2 over real DNS packets: only TLSA records the resolver validated (AD) count; secure
 * but unusable records still require TLS; a failed lookup for a host in a signed zone makes it
 * unusable, in an unsigned zone it does not matter.
 */
class DaneLookupTest {

    private static final String KEY = "3 1 1 " + "0123456789abcdef".repeat(4);

    @Test
    void eachMxHostGetsWhatItsValidatedRecordsSay() throws Exception {
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            dns.mx("dane.test", 10, "signed.dane.test").mx("dane.test", 20, "pkix.dane.test").mx("dane.test", 30, "forged.dane.test")
                    .mx("dane.test", 40, "broken.dane.test").mx("dane.test", 50, "unsigned.dane.test").mx("dane.test", 60, "plain.dane.test");
            for (String host : List.of("signed", "pkix", "forged", "broken", "unsigned", "plain")) {
                dns.a(host + ".dane.test", "192.0.2." + (10 + host.length()));
            }
            dns.add("_25._tcp.signed.dane.test", Type.TLSA, KEY).secure("_25._tcp.signed.dane.test")
                    .add("_25._tcp.pkix.dane.test", Type.TLSA, "1 1 1 " + "00".repeat(32)).secure("_25._tcp.pkix.dane.test")
                    .add("_25._tcp.forged.dane.test", Type.TLSA, KEY) // no AD bit: insecure, ignored
                    .rcode("_25._tcp.broken.dane.test", Rcode.SERVFAIL).secure("broken.dane.test")
                    .rcode("_25._tcp.unsigned.dane.test", Rcode.SERVFAIL);
            DnsResolver resolver = new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2)));
            DestinationRouter router = new DestinationRouter(TransportMap.empty(), TlsPolicy.Table.parse(""),
                    new MxResolver(resolver, IpNetworks.NONE), null, new DaneLookup(resolver));
            Route route = router.route("dane.test").await().atMost(Duration.ofSeconds(20));
            Map<String, Dane> dane = route.dane();

            assertEquals(Dane.Mode.AUTHENTICATE, dane.get("signed.dane.test").mode());
            assertEquals(KEY.toUpperCase().replace("3 1 1 ", ""), dane.get("signed.dane.test").records().get(0).text().substring(6));
            assertEquals(Dane.Mode.ENCRYPT, dane.get("pkix.dane.test").mode(), "PKIX usages are unusable for SMTP, TLS is still required");
            assertNull(dane.get("forged.dane.test"), "records the resolver did not validate do not count");
            assertEquals(Dane.Mode.UNREACHABLE, dane.get("broken.dane.test").mode());
            assertNull(dane.get("unsigned.dane.test"));
            assertNull(dane.get("plain.dane.test"));
            NextHop signedHop = route.hops().stream().filter(h -> h.serverName().equals("signed.dane.test")).findFirst().orElseThrow();
            assertEquals(Dane.Mode.AUTHENTICATE, route.dane(signedHop).mode());
        }
    }
}
