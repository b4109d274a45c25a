package edu.hamburger.mail.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import edu.hamburger.mail.relay.route.DnsTestServer.Mx;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resolver against a real (tiny) DNS server on loopback: what each kind of answer means for routing. */
class MxResolverDnsTest {

    private Vertx vertx;
    private DnsTestServer dns;
    private MxResolver resolver;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        dns = new DnsTestServer()
                .mx("crepes.fr", new Mx(20, "backup.crepes.fr"), new Mx(10, "mx.crepes.fr"))
                .a("mx.crepes.fr", (byte) 93, (byte) 184, (byte) 215, (byte) 10)
                .a("backup.crepes.fr", (byte) 93, (byte) 184, (byte) 215, (byte) 20)
                .mx("nomail.test", new Mx(0, "."))
                .a("implicit.test", (byte) 93, (byte) 184, (byte) 215, (byte) 30)
                .a("inside.test", (byte) 10, (byte) 0, (byte) 0, (byte) 1)
                .mx("probe.test", new Mx(10, "loop.probe.test"), new Mx(20, "meta.probe.test"))
                .a("loop.probe.test", (byte) 127, (byte) 0, (byte) 0, (byte) 1)
                .a("meta.probe.test", (byte) 169, (byte) 254, (byte) 169, (byte) 254)
                .mx("mixed.test", new Mx(10, "loop.probe.test"), new Mx(20, "mx.crepes.fr"))
                .rcode("broken.test", DnsTestServer.SERVFAIL);
        resolver = new MxResolver(vertx.createDnsClient(new DnsClientOptions().setHost("127.0.0.1").setPort(dns.port())
                .setQueryTimeout(2000)));
    }

    @AfterEach
    void stop() {
        dns.close();
        vertx.closeAndAwait();
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
