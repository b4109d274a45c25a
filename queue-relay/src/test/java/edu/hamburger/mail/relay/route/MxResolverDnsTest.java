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
                .mx("nomail.test", new Mx(0, "."))
                .a("implicit.test", (byte) 127, (byte) 0, (byte) 0, (byte) 1)
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

    @Test
    void mxHostsInPreferenceOrder() {
        assertEquals(List.of("mx.crepes.fr", "backup.crepes.fr"), resolve("crepes.fr").stream().map(NextHop::host).toList());
    }

    @Test
    void noMxButAnAddressIsAnImplicitMx() {
        List<NextHop> hops = resolve("implicit.test");
        assertEquals(List.of("implicit.test"), hops.stream().map(NextHop::host).toList());
        assertEquals("implicit MX", hops.get(0).source());
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
