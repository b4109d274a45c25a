package edu.hamburger.mail.auth.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class DnsResolverTest {

    private final LoopbackDnsServer dns;
    private final MovableClock clock = new MovableClock();
    private final DnsResolver resolver;

    DnsResolverTest() throws Exception {
        dns = new LoopbackDnsServer();
        resolver = new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2)), clock);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void txtStringsAreJoinedWithoutSpaces() {
        String longValue = "v=DKIM1; k=rsa; p=" + "A".repeat(400);
        dns.txt("sel._domainkey.crepes.fr", longValue);
        DnsAnswer answer = resolver.lookup("sel._domainkey.crepes.fr", DnsType.TXT);
        assertEquals(DnsAnswer.Status.OK, answer.status());
        assertEquals(List.of(longValue), answer.records());
    }

    @Test
    void nxdomainNodataAndServfailAreTold() {
        dns.txt("a.crepes.fr", "x");
        assertEquals(DnsAnswer.Status.NXDOMAIN, resolver.lookup("nowhere.crepes.fr", DnsType.TXT).status());
        DnsAnswer nodata = resolver.lookup("a.crepes.fr", DnsType.MX);
        assertEquals(DnsAnswer.Status.OK, nodata.status());
        assertTrue(nodata.isVoid());
        dns.rcode("broken.crepes.fr", Rcode.SERVFAIL);
        assertEquals(DnsAnswer.Status.TEMPORARY_ERROR, resolver.lookup("broken.crepes.fr", DnsType.TXT).status());
    }

    @Test
    void mxAndAddressesAreText() {
        dns.mx("crepes.fr", 10, "mx.crepes.fr").a("mx.crepes.fr", "192.0.2.7").aaaa("mx.crepes.fr", "2001:db8::7");
        assertEquals(List.of("10 mx.crepes.fr"), resolver.lookup("crepes.fr", DnsType.MX).records());
        assertEquals(List.of("192.0.2.7"), resolver.lookup("mx.crepes.fr", DnsType.A).records());
        assertEquals(List.of("2001:db8:0:0:0:0:0:7"), resolver.lookup("mx.crepes.fr", DnsType.AAAA).records());
    }

    @Test
    void tlsaRecordsAndWhetherTheServerValidatedThem() {
        dns.add("_25._tcp.mx.crepes.fr", org.xbill.DNS.Type.TLSA, "3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")
                .secure("_25._tcp.mx.crepes.fr")
                .add("_25._tcp.mx.forged.example", org.xbill.DNS.Type.TLSA, "3 1 1 00");
        DnsAnswer secure = resolver.lookup("_25._tcp.mx.crepes.fr", DnsType.TLSA);
        assertEquals(List.of("3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"), secure.records());
        assertTrue(secure.authenticated(), "the AD bit is kept (and cached with the answer)");
        assertTrue(resolver.lookup("_25._tcp.mx.crepes.fr", DnsType.TLSA).authenticated());
        assertFalse(resolver.lookup("_25._tcp.mx.forged.example", DnsType.TLSA).authenticated(), "no AD bit: insecure");
    }

    @Test
    void answersAreKeptForTheirTtlAndNoLonger() {
        dns.ttl(60).txt("crepes.fr", "v=spf1 -all");
        resolver.lookup("crepes.fr", DnsType.TXT);
        resolver.lookup("CREPES.fr", DnsType.TXT);
        assertEquals(1, dns.queries(), "the second lookup is answered from the cache");
        clock.advance(Duration.ofSeconds(61));
        resolver.lookup("crepes.fr", DnsType.TXT);
        assertEquals(2, dns.queries(), "after the TTL the server is asked again");
    }

    @Test
    void temporaryErrorsAreNotKept() {
        dns.rcode("broken.crepes.fr", Rcode.SERVFAIL);
        resolver.lookup("broken.crepes.fr", DnsType.TXT);
        int afterFirst = dns.queries();
        resolver.lookup("broken.crepes.fr", DnsType.TXT);
        assertTrue(dns.queries() > afterFirst);
    }

    @Test
    void aServerThatDoesNotAnswerIsATemporaryError() throws Exception {
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            DnsResolver deaf = new DnsResolver(DnsSettings.parse("127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300)));
            assertEquals(DnsAnswer.Status.TEMPORARY_ERROR, deaf.lookup("crepes.fr", DnsType.TXT).status());
        }
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
