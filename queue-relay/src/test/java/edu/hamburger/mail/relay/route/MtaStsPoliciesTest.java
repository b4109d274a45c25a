package edu.hamburger.mail.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.auth.dane.Keytool;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import edu.hamburger.mail.core.net.IpNetworks;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MTA-STS against real DNS packets and a real HTTPS server on loopback whose certificate names the
 * mta-sts hosts: what a policy does to the route, and what happens when it cannot be fetched.
 */
class MtaStsPoliciesTest {

    private static final String PASSWORD = "mta-sts-test";

    @TempDir
    static Path dir;

    private Vertx vertx;
    private LoopbackDnsServer dns;
    private HttpServer server;
    private final Map<String, String> policies = new ConcurrentHashMap<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private DestinationRouter router;

    @BeforeEach
    void start() throws Exception {
        Path keystore = dir.resolve("mta-sts.p12");
        Path certificate = dir.resolve("mta-sts.pem");
        if (!keystore.toFile().exists()) {
            Keytool.run("-genkeypair", "-noprompt", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-keypass", PASSWORD, "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=mta-sts.secure.test", "-ext",
                    "SAN=dns:mta-sts.secure.test,dns:mta-sts.testing.test,dns:mta-sts.nomatch.test,dns:mta-sts.missing.test");
            Keytool.run("-exportcert", "-rfc", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                    "-alias", "web", "-file", certificate.toString());
        }
        vertx = Vertx.vertx();
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PfxOptions().setPath(keystore.toString()).setPassword(PASSWORD)))
                .requestHandler(request -> {
                    String host = request.authority() == null ? "" : request.authority().host();
                    String policy = policies.get(host);
                    if (policy == null || !request.path().equals(MtaStsPolicies.PATH)) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    fetches.incrementAndGet();
                    request.response().putHeader("Content-Type", "text/plain").end(policy);
                })
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        dns = new LoopbackDnsServer().ttl(0);
        for (String domain : List.of("secure.test", "testing.test", "nomatch.test", "missing.test", "plain.test")) {
            dns.mx(domain, 10, "mx1." + domain).mx(domain, 20, "mx.elsewhere.example")
                    .a("mx1." + domain, "93.184.215.10").a("mta-sts." + domain, "127.0.0.1");
            if (!domain.equals("plain.test")) {
                dns.txt("_mta-sts." + domain, "v=STSv1; id=1");
            }
        }
        dns.a("mx.elsewhere.example", "93.184.215.20");
        policies.put("mta-sts.secure.test", "version: STSv1\r\nmode: enforce\r\nmx: mx1.secure.test\r\nmax_age: 86400\r\n");
        policies.put("mta-sts.testing.test", "version: STSv1\r\nmode: testing\r\nmx: mx1.testing.test\r\nmax_age: 86400\r\n");
        policies.put("mta-sts.nomatch.test", "version: STSv1\r\nmode: enforce\r\nmx: *.nomatch.example\r\nmax_age: 86400\r\n");
        DnsResolver resolver = new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2)));
        MtaStsPolicies mtaSts = new MtaStsPolicies(resolver, vertx.createHttpClient(new HttpClientOptions().setSsl(true)
                .setVerifyHost(true).setTrustOptions(new PemTrustOptions().addCertPath(certificate.toString()))),
                server.actualPort(), Duration.ofSeconds(5), IpNetworks.NONE, Clock.systemUTC());
        router = new DestinationRouter(TransportMap.parse(""), TlsPolicy.Table.parse(""), new MxResolver(resolver, IpNetworks.NONE), mtaSts);
    }

    @AfterEach
    void stop() {
        dns.close();
        vertx.close();
    }

    private Route route(String domain) {
        return router.route(domain).await().atMost(Duration.ofSeconds(20));
    }

    /** The MX hosts the delivery client may use on this route. */
    private static List<String> usable(Route route) {
        return route.hops().stream().filter(route::policyAllows).map(NextHop::serverName).toList();
    }

    @Test
    void enforceAllowsOnlyTheNamedMxAndChecksItsCertificate() {
        Route route = route("secure.test");
        assertTrue(route.enforced());
        assertEquals(List.of("mx1.secure.test"), usable(route));
        assertEquals(TlsPolicy.VERIFY, route.tlsPolicy());
        assertTrue(route.fromDns());
    }

    @Test
    void testingAndNoPolicyChangeNoLevelAndNoHop() {
        for (String domain : List.of("testing.test", "missing.test", "plain.test")) {
            Route route = route(domain);
            assertEquals(List.of("mx1." + domain, "mx.elsewhere.example"), route.hops().stream().map(NextHop::serverName).toList(), domain);
            assertEquals(TlsPolicy.MAY, route.tlsPolicy(), domain);
            assertFalse(route.enforced(), domain);
        }
        // testing: the policy travels with the route, so sessions against it are reported
        assertEquals("testing", route("testing.test").mtaSts().mode());
        assertEquals(List.of("mx1.testing.test"), usable(route("testing.test")));
        assertNull(route("plain.test").mtaSts());
    }

    @Test
    void enforceWithNoNamedMxLeavesNoUsableHop() {
        Route route = route("nomatch.test");
        assertTrue(route.enforced());
        assertEquals(List.of(), usable(route)); // the delivery client defers with 451 4.7.5 (SmtpDeliveryClientTest)
    }

    @Test
    void aFetchedPolicyIsKeptUntilTheIdChangesAndSurvivesAFailedRefetch() {
        route("secure.test");
        route("secure.test");
        assertEquals(1, fetches.get(), "same id: the cached policy");
        policies.remove("mta-sts.secure.test"); // the web server loses it
        dns.remove("_mta-sts.secure.test").txt("_mta-sts.secure.test", "v=STSv1; id=2");
        Route route = route("secure.test");
        assertEquals(TlsPolicy.VERIFY, route.tlsPolicy(), "a failed refetch leaves the cached policy in force (RFC 8461 §5.1)");
        assertEquals(List.of("mx1.secure.test"), usable(route));
    }

    @Test
    void aPolicyFromAServerWithAnUntrustedCertificateIsNone() throws Exception {
        DnsResolver resolver = new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2)));
        // a client that trusts only the JDK's public CAs: the self-signed certificate fails
        MtaStsPolicies strict = new MtaStsPolicies(resolver, vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)),
                server.actualPort(), Duration.ofSeconds(5), IpNetworks.NONE, Clock.systemUTC());
        DestinationRouter strictRouter = new DestinationRouter(TransportMap.parse(""), TlsPolicy.Table.parse(""),
                new MxResolver(resolver, IpNetworks.NONE), strict);
        Route route = strictRouter.route("secure.test").await().atMost(Duration.ofSeconds(20));
        assertEquals(TlsPolicy.MAY, route.tlsPolicy());
        assertEquals(0, fetches.get());
    }
}
