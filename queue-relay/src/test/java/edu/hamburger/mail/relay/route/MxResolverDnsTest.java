package edu.hamburger.mail.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import org.xbill.DNS.Rcode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resolver against a real DNS server on loopback (mail-auth's): what each kind of answer means for routing. */
class MxResolverDnsTest {

    private LoopbackDnsServer dns;
    private MxResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = new LoopbackDnsServer()
                .mx("crepes.fr", 20, "backup.crepes.fr").mx("crepes.fr", 10, "mx.crepes.fr")
                .a("mx.crepes.fr", "93.184.215.10")
                .a("backup.crepes.fr", "93.184.215.20")
                .mx("nomail.test", 0, ".")
                .a("implicit.test", "93.184.215.30")
                .a("inside.test", "10.0.0.1")
                .mx("probe.test", 10, "loop.probe.test").mx("probe.test", 20, "meta.probe.test")
                .a("loop.probe.test", "127.0.0.1")
                .a("meta.probe.test", "169.254.169.254")
                .mx("mixed.test", 10, "loop.probe.test").mx("mixed.test", 20, "mx.crepes.fr")
                .rcode("broken.test", Rcode.SERVFAIL);
        resolver = new MxResolver(new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private List<NextHop> resolve(String domain) {
        return resolver.resolve(domain).await().atMost(Duration.ofSeconds(10));
    }

    // answers only: these tests resolve, they never connect

    @Test
    void mxHostsInPreferenceOrderAsTheirAddresses() {
        List<NextHop> hops = resolve("crepes.fr");
        assertEquals(List.of("mx.crepes.fr", "backup.crepes.fr"), hops.stream().map(NextHop::serverName).toList());
        assertEquals(List.of("93.184.215.10", "93.184.215.20"), hops.stream().map(NextHop::host).toList());
    }

    @Test
    void noMxButAnAddressIsAnImplicitMx() {
        List<NextHop> hops = resolve("implicit.test");
        assertEquals(List.of("93.184.215.30"), hops.stream().map(NextHop::host).toList());
        assertEquals("implicit.test", hops.get(0).serverName());
        assertEquals("implicit MX implicit.test", hops.get(0).source());
    }

    @Test
    void mxOrImplicitMxInNonPublicSpaceBouncesWithoutAConnection() {
        for (String domain : new String[] {"probe.test", "inside.test"}) {
            RoutingException refused = assertThrows(RoutingException.class, () -> resolve(domain), domain);
            assertEquals(550, refused.reply().code());
            assertEquals("5.4.4", refused.reply().enhancedCode());
        }
        // a public MX next to a private one: only the public one is tried
        assertEquals(List.of("93.184.215.10"), resolve("mixed.test").stream().map(NextHop::host).toList());
    }

    @Test
    void nullMxBouncesNxdomainBouncesServfailDefers() {
        RoutingException nullMx = assertThrows(RoutingException.class, () -> resolve("nomail.test"));
        assertEquals(556, nullMx.reply().code());
        RoutingException missing = assertThrows(RoutingException.class, () -> resolve("does-not-exist.test"));
        assertEquals(550, missing.reply().code());
        assertEquals("5.1.2", missing.reply().enhancedCode());
        RoutingException broken = assertThrows(RoutingException.class, () -> resolve("broken.test"));
        assertEquals(451, broken.reply().code());
        assertEquals("4.4.3", broken.reply().enhancedCode());
    }
}
