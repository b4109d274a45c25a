package edu.hamburger.mail.relay.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.mailbox.client.TestKeystore;
import edu.hamburger.mail.relay.RelayComponents;
import edu.hamburger.mail.relay.RelayConfig;
import edu.hamburger.mail.relay.ScriptedSmtpServer;
import edu.hamburger.mail.relay.ScriptedSmtpServer.Drop;
import edu.hamburger.mail.relay.ScriptedSmtpServer.Reply;
import edu.hamburger.mail.relay.ScriptedSmtpServer.Stall;
import edu.hamburger.mail.auth.MtaStsPolicy;
import edu.hamburger.mail.relay.route.Dane;
import edu.hamburger.mail.relay.route.DestinationRouter;
import edu.hamburger.mail.relay.route.NextHop;
import edu.hamburger.mail.relay.route.Route;
import edu.hamburger.mail.relay.route.TlsPolicy;
import edu.hamburger.mail.relay.route.TransportMap;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay's SMTP client against a real SMTP server on loopback (a scripted one, written with
 * blocking sockets): what it sends, what it makes of every reply, and how it treats connections.
 */
class SmtpDeliveryClientTest {

    private static final String KOREAN_BODY = "안녕하세요, 밥!\r\n";
    private Vertx vertx;
    private ScriptedSmtpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new ScriptedSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void pipelinedTransactionGivesEachRecipientItsOwnReplyAndTheBytesArriveIntact() throws Exception {
        server.on("RCPT nobody@remote.test", new Reply("550 5.1.1 <nobody@remote.test>: user unknown"))
                .on("RCPT busy@remote.test", new Reply("452 4.2.2 mailbox busy, try later"));
        byte[] message = message("Subject: =?UTF-8?B?7JWI64WV?=\r\n", ".a line that starts with a dot\r\n..two dots\r\n" + KOREAN_BODY);
        TransferResult result = deliver(client(Map.of()), envelope("bob@remote.test", "nobody@remote.test", "busy@remote.test", "carol@remote.test"), message);

        assertEquals(List.of(250, 550, 452, 250), codes(result));
        assertEquals("5.1.1", result.replies().get(1).reply().enhancedCode());
        assertEquals("RCPT TO", result.replies().get(1).inReplyTo());
        assertEquals("end of DATA", result.replies().get(0).inReplyTo());
        assertEquals(1, server.received().size());
        ScriptedSmtpServer.Received received = server.received().get(0);
        assertEquals(List.of("bob@remote.test", "carol@remote.test"), received.recipients());
        assertArrayEquals(message, received.data(), "dot-stuffing undone, 8-bit bytes untouched");
        assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("MAIL FROM:<alice@crepes.fr> SIZE=" + message.length + " BODY=8BITMIME")),
                server.commands().toString());
        assertTrue(result.remoteMta().startsWith("127.0.0.1:" + server.port()), result.remoteMta());
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
        server.extensions("8BITMIME", "SIZE 1000000");
        server.on("MAIL", new Reply("451 4.3.0 try again later"));
        TransferResult first = deliver(client(Map.of()), envelope("bob@remote.test", "carol@remote.test"), message("Subject: x\r\n", "hello\r\n"));
        assertEquals(List.of(451, 451), codes(first));
        assertTrue(server.commands().stream().noneMatch(c -> c.startsWith("RCPT")), "no RCPT after a refused MAIL: " + server.commands());

        TransferResult second = deliver(client(Map.of()), envelope("bob@remote.test"), message("Subject: y\r\n", "hello\r\n"));
        assertEquals(List.of(250), codes(second));
    }

    @Test
    void heloOnlyServerGetsSevenBitMailAndEightBitMailIsBouncedNotMangled() throws Exception {
        server.on("EHLO", new Reply("502 5.5.1 EHLO not implemented"), new Reply("502 5.5.1 EHLO not implemented"));
        SmtpDeliveryClient client = client(Map.of());
        TransferResult ascii = deliver(client, envelope("bob@remote.test"), message("Subject: plain\r\n", "hello\r\n"));
        assertEquals(List.of(250), codes(ascii));
        assertTrue(server.commands().contains("HELO relay.crepes.fr"), server.commands().toString());

        TransferResult eightBit = deliver(client, envelope("bob@remote.test"), message("Subject: k\r\n", KOREAN_BODY));
        assertEquals(List.of(554), codes(eightBit));
        assertEquals("5.6.3", eightBit.replies().get(0).reply().enhancedCode());
        assertEquals(1, server.received().size());
    }

    @Test
    void messageAboveTheServersSizeLimitFailsBeforeMail() throws Exception {
        server.extensions("PIPELINING", "SIZE 100", "8BITMIME");
        TransferResult result = deliver(client(Map.of()), envelope("bob@remote.test"), message("Subject: big\r\n", "x".repeat(500) + "\r\n"));
        assertEquals(List.of(552), codes(result));
        assertEquals("5.3.4", result.replies().get(0).reply().enhancedCode());
        assertTrue(server.commands().stream().noneMatch(c -> c.startsWith("MAIL")), server.commands().toString());
    }

    @Test
    void internationalisedAddressNeedsSmtputf8() throws Exception {
        Envelope utf8 = new Envelope("Q1", SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                List.of(EnvelopeRecipient.of(MailAddress.parse("밥@remote.test"))), Instant.now(),
                null, null, null, 0, null, null, null, null, null, true);
        server.extensions("PIPELINING", "8BITMIME");
        TransferResult refused = deliver(client(Map.of()), utf8, message("Subject: x\r\n", "hi\r\n"));
        assertEquals(List.of(553), codes(refused));
        assertEquals("5.6.7", refused.replies().get(0).reply().enhancedCode());

        server.extensions("PIPELINING", "8BITMIME", "SMTPUTF8");
        TransferResult accepted = deliver(client(Map.of()), utf8, message("Subject: x\r\n", "hi\r\n"));
        assertEquals(List.of(250), codes(accepted));
        assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("MAIL FROM:<alice@crepes.fr>") && c.endsWith(" SMTPUTF8")));
        assertTrue(server.commands().contains("RCPT TO:<밥@remote.test>"), server.commands().toString());
    }

    @Test
    void startTlsIsUsedWhenOfferedAndRequiredWhereThePolicySays() throws Exception {
        new TestKeystore().start();
        server.enableTls(TestKeystore.KEYSTORE, TestKeystore.PASSWORD);
        TransferResult overTls = deliver(client(Map.of()), envelope("bob@remote.test"), message("Subject: tls\r\n", "secret\r\n"));
        assertEquals(List.of(250), codes(overTls));
        assertTrue(server.commands().contains("STARTTLS"), server.commands().toString());
        assertEquals(2, server.commands().stream().filter(c -> c.startsWith("EHLO")).count(), "EHLO again after STARTTLS");

        try (ScriptedSmtpServer plain = new ScriptedSmtpServer()) {
            SmtpDeliveryClient client = client(Map.of("mail.relay.tls-policy", "remote.test=encrypt"), plain.port());
            TransferResult refused = deliver(client, envelope("bob@remote.test"), message("Subject: tls\r\n", "secret\r\n"));
            assertEquals(List.of(451), codes(refused));
            assertEquals("4.7.4", refused.replies().get(0).reply().enhancedCode());
            assertTrue(plain.received().isEmpty());
        }
    }

    @Test
    void verifyChecksTheChainAgainstTheTrustStoreAndTheNameAgainstTheHostName() throws Exception {
        new TestKeystore().start(); // a certificate for "localhost" (and 127.0.0.1)
        server.enableTls(TestKeystore.KEYSTORE, TestKeystore.PASSWORD);
        String trusted = TestKeystore.CERTIFICATE.toString();
        Map<String, String> verify = Map.of("mail.relay.tls-policy", "*=verify", "mail.relay.tls-trust-store", trusted);

        TransferResult good = deliver(client(verify, "remote.test=localhost:" + server.port()),
                envelope("bob@remote.test"), message("Subject: verified\r\n", "x\r\n"));
        assertEquals(List.of(250), codes(good));

        // the same certificate, but the route names another host: no delivery, deferred
        Route otherName = new Route("remote.test", List.of(new NextHop("127.0.0.1", server.port(), null, "MX 10", "mx.remote.test")),
                TlsPolicy.VERIFY);
        TransferResult wrongName = deliver(client(verify, fixedRoute(otherName)), envelope("bob@remote.test"), message("", "x\r\n"));
        assertEquals(4, codes(wrongName).get(0) / 100, wrongName.toString());

        // the right name, but a certificate no trusted CA signed (the JDK's public CAs only)
        TransferResult untrusted = deliver(client(Map.of("mail.relay.tls-policy", "*=verify"), "remote.test=localhost:" + server.port()),
                envelope("bob@remote.test"), message("", "x\r\n"));
        assertEquals(4, codes(untrusted).get(0) / 100, untrusted.toString());

        // "may" and "encrypt" still deliver to the same server without checking
        TransferResult encrypted = deliver(client(Map.of("mail.relay.tls-policy", "*=encrypt"), "remote.test=127.0.0.1:" + server.port()),
                envelope("bob@remote.test"), message("", "x\r\n"));
        assertEquals(List.of(250), codes(encrypted));
        assertEquals(2, server.received().size(), "only the verified and the encrypt deliveries arrived");
        // each session's TLS result, in RFC 8460's words
        assertEquals(List.of("success", "certificate-host-mismatch", "certificate-not-trusted", "success"), tlsResults);
    }

    @Test
    void anEnforcedMtaStsPolicyRefusesAnUnnamedMxAndATestingOneOnlyReports() throws Exception {
        new TestKeystore().start(); // a certificate for "localhost"; the MX below is "mx.remote.test"
        server.enableTls(TestKeystore.KEYSTORE, TestKeystore.PASSWORD);
        Map<String, String> trust = Map.of("mail.relay.tls-trust-store", TestKeystore.CERTIFICATE.toString());
        NextHop mx = new NextHop("127.0.0.1", server.port(), null, "MX 10", "mx.remote.test");

        // enforce, MX not named: not even a connection, deferred with 4.7.5, reported
        Route enforced = new Route("remote.test", List.of(mx), TlsPolicy.VERIFY,
                MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: mx.other.test\nmax_age: 600\n"), true);
        TransferResult refused = deliver(client(trust, fixedRoute(enforced)), envelope("bob@remote.test"), message("", "x\r\n"));
        assertEquals(List.of(451), codes(refused));
        assertEquals("4.7.5", refused.replies().get(0).reply().enhancedCode());
        assertEquals(0, server.connections());
        assertEquals(List.of("validation-failure"), tlsResults);

        // testing, MX named but its certificate names another host: delivered anyway, the mismatch reported once
        tlsResults.clear();
        tlsSessions.clear();
        Route testing = new Route("remote.test", List.of(mx), TlsPolicy.MAY,
                MtaStsPolicy.parse("version: STSv1\nmode: testing\nmx: mx.remote.test\nmax_age: 600\n"), true);
        TransferResult delivered = deliver(client(trust, fixedRoute(testing)), envelope("bob@remote.test"), message("", "x\r\n"));
        assertEquals(List.of(250), codes(delivered));
        assertEquals(1, server.received().size());
        assertEquals(List.of("certificate-host-mismatch"), tlsResults);
        assertEquals("127.0.0.1", tlsSessions.get(0).remoteIp());
        assertEquals("127.0.0.1", tlsSessions.get(0).localIp(), tlsSessions.toString());

        // testing, MX not named: delivered, reported as a validation failure
        tlsResults.clear();
        Route unnamed = new Route("remote.test", List.of(mx), TlsPolicy.MAY,
                MtaStsPolicy.parse("version: STSv1\nmode: testing\nmx: mx.other.test\nmax_age: 600\n"), true);
        assertEquals(List.of(250), codes(deliver(client(trust, fixedRoute(unnamed)), envelope("bob@remote.test"), message("", "x\r\n"))));
        assertEquals(List.of("validation-failure"), tlsResults);
    }

    /** "3 1 1 <SHA-256 of the test certificate's key>": DANE-EE for the loopback server's key. */
    private static edu.hamburger.mail.auth.dane.TlsaRecord daneEeForTestCertificate() throws Exception {
        java.security.cert.X509Certificate certificate;
        try (var in = java.nio.file.Files.newInputStream(TestKeystore.CERTIFICATE)) {
            certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        return edu.hamburger.mail.auth.dane.TlsaRecord.parse("3 1 1 " + java.util.HexFormat.of().formatHex(digest));
    }

    @Test
    void daneAuthenticatesByTheKeyDnsNamesAndRefusesAnyOther() throws Exception {
        new TestKeystore().start(); // a self-signed certificate for "localhost": no CA, and not the MX name
        server.enableTls(TestKeystore.KEYSTORE, TestKeystore.PASSWORD);
        NextHop mx = new NextHop("127.0.0.1", server.port(), null, "MX 10", "mx.remote.test");
        Route matching = new Route("remote.test", List.of(mx), TlsPolicy.MAY, null, true)
                .withDane(Map.of("mx.remote.test", new Dane(Dane.Mode.AUTHENTICATE, List.of(daneEeForTestCertificate()))));
        assertEquals(List.of(250), codes(deliver(client(Map.of(), fixedRoute(matching)), envelope("bob@remote.test"), message("", "x\r\n"))));
        assertEquals(List.of("success"), tlsResults);
        assertTrue(server.commands().contains("STARTTLS"));

        // another key in DNS: refused after the handshake, before MAIL FROM
        tlsResults.clear();
        Route other = matching.withDane(Map.of("mx.remote.test", new Dane(Dane.Mode.AUTHENTICATE,
                List.of(edu.hamburger.mail.auth.dane.TlsaRecord.parse("3 1 1 " + "ab".repeat(32))))));
        TransferResult refused = deliver(client(Map.of(), fixedRoute(other)), envelope("bob@remote.test"), message("", "y\r\n"));
        assertEquals(List.of(451), codes(refused));
        assertEquals("4.7.5", refused.replies().get(0).reply().enhancedCode());
        assertEquals(List.of("validation-failure"), tlsResults);
        assertEquals(1, server.received().size(), "only the authenticated delivery arrived");

        // DANE comes before MTA-STS (RFC 8461 §2): an enforced policy that does not name the host does not stop it
        tlsResults.clear();
        Route both = new Route("remote.test", List.of(mx), TlsPolicy.VERIFY,
                MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: mx.other.test\nmax_age: 600\n"), true).withDane(matching.dane());
        assertEquals(List.of(250), codes(deliver(client(Map.of(), fixedRoute(both)), envelope("bob@remote.test"), message("", "z\r\n"))));
        assertEquals(List.of("success"), tlsResults);
    }

    @Test
    void daneRequiresTlsAndAFailedLookupInASignedZoneKeepsTheHostUnused() throws Exception {
        try (ScriptedSmtpServer plain = new ScriptedSmtpServer()) {
            NextHop mx = new NextHop("127.0.0.1", plain.port(), null, "MX 10", "mx.remote.test");
            Route encrypt = new Route("remote.test", List.of(mx), TlsPolicy.MAY, null, true)
                    .withDane(Map.of("mx.remote.test", new Dane(Dane.Mode.ENCRYPT, List.of())));
            TransferResult noTls = deliver(client(Map.of(), fixedRoute(encrypt)), envelope("bob@remote.test"), message("", "x\r\n"));
            assertEquals(List.of(451), codes(noTls));
            assertEquals("4.7.4", noTls.replies().get(0).reply().enhancedCode());
            assertEquals(List.of("starttls-not-supported"), tlsResults);

            tlsResults.clear();
            Route unreachable = encrypt.withDane(Map.of("mx.remote.test", new Dane(Dane.Mode.UNREACHABLE, List.of())));
            TransferResult deferred = deliver(client(Map.of(), fixedRoute(unreachable)), envelope("bob@remote.test"), message("", "x\r\n"));
            assertEquals(List.of(451), codes(deferred));
            assertEquals("4.7.5", deferred.replies().get(0).reply().enhancedCode());
            assertEquals(List.of("dnssec-invalid"), tlsResults);
            assertTrue(plain.received().isEmpty());
        }
    }

    @Test
    void smartHostCredentialsAreOnlySentUnderVerifiedTls() throws Exception {
        new TestKeystore().start();
        server.enableTls(TestKeystore.KEYSTORE, TestKeystore.PASSWORD)
                .extensions("PIPELINING", "ENHANCEDSTATUSCODES", "AUTH PLAIN");
        String smartHost = "*=relay%40corp:s3cret@localhost:" + server.port();

        // TLS offered, but the certificate cannot be verified: the password is never sent
        TransferResult refused = deliver(client(Map.of(), smartHost), envelope("bob@remote.test"), message("", "x\r\n"));
        assertEquals(4, codes(refused).get(0) / 100, refused.toString());
        assertTrue(server.commands().stream().noneMatch(c -> c.startsWith("AUTH")), server.commands().toString());

        TransferResult sent = deliver(client(Map.of("mail.relay.tls-trust-store", TestKeystore.CERTIFICATE.toString()), smartHost),
                envelope("bob@remote.test"), message("", "x\r\n"));
        assertEquals(List.of(250), codes(sent));
        assertTrue(server.commands().stream().anyMatch(c -> c.startsWith("AUTH PLAIN ")), server.commands().toString());
    }

    @Test
    void oneConnectionCarriesSeveralMessages() throws Exception {
        SmtpDeliveryClient client = client(Map.of());
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(250), codes(deliver(client, envelope("bob@remote.test"), message("Subject: " + i + "\r\n", "body\r\n"))));
        }
        assertEquals(5, server.received().size());
        // deliveries alternate between the client's 2 event loops, and each loop keeps its own idle connection
        assertEquals(2, server.connections(), "the idle connections are reused");
        assertEquals(3, server.commands().stream().filter(c -> c.equals("RSET")).count(), "checked with RSET before each reuse");
    }

    @Test
    void parallelDeliveriesToOneDestinationStayWithinItsConcurrencyLimit() throws Exception {
        SmtpDeliveryClient client = client(Map.of("mail.relay.destination-concurrency", "3"));
        List<CompletableFuture<TransferResult>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(client.deliver("remote.test", envelope("bob@remote.test"), message("Subject: " + i + "\r\n", "body\r\n")).toCompletableFuture());
        }
        for (CompletableFuture<TransferResult> one : all) {
            assertEquals(List.of(250), codes(one.get(30, TimeUnit.SECONDS)));
        }
        assertEquals(30, server.received().size());
        assertTrue(server.maxConcurrentConnections() <= 3, "at most 3 connections at once, saw " + server.maxConcurrentConnections());
        assertTrue(server.connections() <= 3, "connections are reused, opened " + server.connections());
    }

    @Test
    void anUnreachableHopIsSkippedForTheNext() throws Exception {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            closedPort = unused.getLocalPort();
        }
        Route twoHops = new Route("remote.test", List.of(new NextHop("127.0.0.1", closedPort, null, "MX 10"),
                new NextHop("127.0.0.1", server.port(), null, "MX 20")), TlsPolicy.MAY);
        SmtpDeliveryClient client = client(Map.of(), fixedRoute(twoHops));
        assertEquals(List.of(250), codes(deliver(client, envelope("bob@remote.test"), message("Subject: x\r\n", "x\r\n"))));

        Route deadEnd = new Route("remote.test", List.of(new NextHop("127.0.0.1", closedPort, null, "MX 10")), TlsPolicy.MAY);
        TransferResult deferred = deliver(client(Map.of(), fixedRoute(deadEnd)), envelope("bob@remote.test"), message("Subject: x\r\n", "x\r\n"));
        assertEquals(List.of(451), codes(deferred));
        assertEquals("4.4.1", deferred.replies().get(0).reply().enhancedCode());
        assertTrue(deferred.replies().get(0).reply().lines().get(0).contains("127.0.0.1:" + closedPort), deferred.toString());
    }

    @Test
    void aServerThatRefusesToTalkDefersTheMessage() throws Exception {
        server.on("GREETING", new Reply("554 5.3.2 not accepting mail from you"));
        TransferResult result = deliver(client(Map.of()), envelope("bob@remote.test"), message("Subject: x\r\n", "x\r\n"));
        assertEquals(List.of(451), codes(result), "a 5xx greeting is treated as temporary, as Postfix does");
    }

    @Test
    void aStalledServerTimesOutAndADroppedOneDefers() throws Exception {
        server.on("MAIL", new Stall());
        long start = System.nanoTime();
        TransferResult stalled = deliver(client(Map.of("mail.relay.timeouts.envelope", "1s")), envelope("bob@remote.test"),
                message("Subject: x\r\n", "x\r\n"));
        assertEquals(List.of(451), codes(stalled));
        assertEquals("4.4.2", stalled.replies().get(0).reply().enhancedCode());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());

        server.on("END", new Drop());
        TransferResult dropped = deliver(client(Map.of()), envelope("bob@remote.test"), message("Subject: y\r\n", "y\r\n"));
        assertEquals(List.of(451), codes(dropped));
        assertTrue(dropped.replies().get(0).reply().lines().get(0).contains("while sending message data"), dropped.toString());
        assertFalse(server.received().stream().anyMatch(r -> r.text().contains("Subject: y")));
    }

    @Test
    void noRouteIsATemporaryFailure() throws Exception {
        SmtpDeliveryClient client = new SmtpDeliveryClient(vertx, 2, new DestinationRouter(TransportMap.empty(),
                TlsPolicy.Table.parse(""), null), opener(config(Map.of())), config(Map.of()));
        TransferResult result = deliver(client, envelope("bob@nowhere.test"), message("Subject: x\r\n", "x\r\n"));
        assertEquals(List.of(451), codes(result));
        assertEquals("4.4.3", result.replies().get(0).reply().enhancedCode());
    }

    // ---- helpers ----

    private SmtpDeliveryClient client(Map<String, String> settings) {
        return client(settings, server.port());
    }

    private SmtpDeliveryClient client(Map<String, String> settings, int port) {
        return client(settings, "remote.test=127.0.0.1:" + port);
    }

    private SmtpDeliveryClient client(Map<String, String> settings, String transportMap) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("mail.relay.transport-map", transportMap);
        RelayConfig config = config(all);
        DestinationRouter router = new DestinationRouter(TransportMap.parse(config.transportMap().orElse("")),
                TlsPolicy.Table.parse(config.tlsPolicy().orElse("")), null);
        return new SmtpDeliveryClient(vertx, 2, router, opener(config), config, tlsLog);
    }

    private SmtpDeliveryClient client(Map<String, String> settings, DestinationRouter router) {
        RelayConfig config = config(settings);
        return new SmtpDeliveryClient(vertx, 2, router, opener(config), config, tlsLog);
    }

    /** Every session's TLS result, as the relay counts them in mail_relay_tls_sessions_total and TLS reports. */
    private final List<String> tlsResults = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<TlsSession> tlsSessions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final TlsSessionLog tlsLog = (route, hop, session) -> {
        tlsResults.add(session.result());
        tlsSessions.add(session);
    };

    private SessionOpener opener(RelayConfig config) {
        return new SessionOpener(vertx, vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000)
                .setTrustAll(true).setHostnameVerificationAlgorithm("")),
                vertx.createNetClient(RelayComponents.verifyingOptions(config)), "relay.crepes.fr", config.timeouts());
    }

    private static DestinationRouter fixedRoute(Route route) {
        return new DestinationRouter(TransportMap.empty(), TlsPolicy.Table.parse(""), null) {
            @Override
            public Uni<Route> route(String domain) {
                return Uni.createFrom().item(route);
            }
        };
    }

    static RelayConfig config(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RelayConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withDefaultValues(settings).build();
        return config.getConfigMapping(RelayConfig.class);
    }

    private static TransferResult deliver(SmtpDeliveryClient client, Envelope envelope, byte[] message) throws Exception {
        String domain = envelope.recipients().get(0).address().domainKey();
        return client.deliver(domain, envelope, message).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static Envelope envelope(String... recipients) {
        return Envelope.of("Q" + System.nanoTime(), SmtpPath.of(MailAddress.parse("alice@crepes.fr")),
                java.util.Arrays.stream(recipients).map(MailAddress::parse).map(EnvelopeRecipient::of).toList(), Instant.now());
    }

    private static byte[] message(String headers, String body) {
        return ("From: alice@crepes.fr\r\nTo: bob@remote.test\r\n" + headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static List<Integer> codes(TransferResult result) {
        return result.replies().stream().map(r -> r.reply().code()).toList();
    }
}
