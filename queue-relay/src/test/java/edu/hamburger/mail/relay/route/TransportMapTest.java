package edu.hamburger.mail.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportMapTest {

    private final TransportMap map = TransportMap.parse(
            "crepes.fr=127.0.0.1:4025, .hamburger.edu=[::1]:2525,sink.test=mx.sink.test,*=relay%40corp:p%3Ass@smart.example:587");

    @Test
    void exactDomainWins() {
        NextHop hop = map.lookup("Crepes.FR").orElseThrow();
        assertEquals("127.0.0.1", hop.host());
        assertEquals(4025, hop.port());
        assertNull(hop.credentials());
    }

    @Test
    void dotEntryCoversSubdomainsAndBracketsHoldIpv6() {
        NextHop hop = map.lookup("mail.cs.hamburger.edu").orElseThrow();
        assertEquals("::1", hop.host());
        assertEquals(2525, hop.port());
        assertEquals("[::1]:2525", hop.address());
    }

    @Test
    void portDefaultsTo25AndStarIsTheSmartHostWithDecodedCredentials() {
        assertEquals(25, map.lookup("sink.test").orElseThrow().port());
        NextHop smart = map.lookup("gmail.example").orElseThrow();
        assertEquals("smart.example", smart.host());
        assertEquals(587, smart.port());
        assertEquals("relay@corp", smart.credentials().username());
        assertEquals("p:ss", smart.credentials().password());
        assertTrue(!smart.credentials().toString().contains("p:ss"), "the password never reaches a log line");
    }

    @Test
    void emptyMapRoutesNothing() {
        assertTrue(TransportMap.parse("").lookup("crepes.fr").isEmpty());
        assertTrue(TransportMap.parse(null).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"crepes.fr", "crepes.fr=", "=host:25", "a.test=host:notaport", "a.test=host:70000", "a.test=[::1:25",
            "a.test=nopassword@host:25"})
    void malformedEntriesAreStartupErrors(String spec) {
        assertThrows(IllegalArgumentException.class, () -> TransportMap.parse(spec));
    }

    @Test
    void tlsPolicyTableHasPerDomainEntriesAndADefault() {
        TlsPolicy.Table table = TlsPolicy.Table.parse("bank.test=encrypt, *=none");
        assertEquals(TlsPolicy.ENCRYPT, table.forDomain("BANK.test"));
        assertEquals(TlsPolicy.NONE, table.forDomain("other.test"));
        assertEquals(TlsPolicy.MAY, TlsPolicy.Table.parse("").forDomain("x.test"));
        assertThrows(IllegalArgumentException.class, () -> TlsPolicy.Table.parse("x.test=sometimes"));
    }

    @Test
    void smartHostWithCredentialsAlwaysGetsVerifiedTls() {
        DestinationRouter router = new DestinationRouter(map, TlsPolicy.Table.parse("*=none"), null);
        Route route = router.route("gmail.example").await().indefinitely();
        assertEquals(TlsPolicy.VERIFY, route.tlsPolicy());
        assertEquals(List.of(map.lookup("gmail.example").orElseThrow()), route.hops());
    }

    @Test
    void addressLiteralsAreRoutedToTheirAddressUnlessItIsNotPublic() {
        // routing only: no test connects anywhere but loopback
        DestinationRouter router = new DestinationRouter(TransportMap.empty(), TlsPolicy.Table.parse(""), null);
        assertEquals("93.184.215.14", router.route("[93.184.215.14]").await().indefinitely().hops().get(0).host());
        assertEquals("2a00:1450:4001::1", router.route("[IPv6:2a00:1450:4001::1]").await().indefinitely().hops().get(0).host());
        for (String internal : new String[] {"[127.0.0.1]", "[10.1.2.3]", "[169.254.169.254]", "[IPv6:::1]", "[IPv6:fd00::1]", "[192.0.2.7]"}) {
            RoutingException refused = assertThrows(RoutingException.class, () -> router.route(internal).await().indefinitely(), internal);
            assertEquals(550, refused.reply().code());
            assertEquals("5.4.4", refused.reply().enhancedCode());
        }
        // the transport map names a destination explicitly: that is the operator's choice
        DestinationRouter mapped = new DestinationRouter(TransportMap.parse("[127.0.0.1]=127.0.0.1:2525"), TlsPolicy.Table.parse(""), null);
        assertEquals(2525, mapped.route("[127.0.0.1]").await().indefinitely().hops().get(0).port());
    }
}
