package edu.hamburger.mail.relay.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import edu.hamburger.mail.relay.route.MxResolver.MxEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MxResolverTest {

    @Test
    void hostsAreTriedByPreferenceWithoutTheTrailingDot() {
        List<NextHop> hops = MxResolver.hops("crepes.fr", List.of(new MxEntry("backup.crepes.fr.", 20), new MxEntry("mx.crepes.fr.", 10)));
        assertEquals(List.of("mx.crepes.fr", "backup.crepes.fr"), hops.stream().map(NextHop::host).toList());
        assertEquals(25, hops.get(0).port());
        assertEquals("MX 10", hops.get(0).source());
    }

    @Test
    void equalPreferencesAreShuffledToSpreadLoad() {
        Set<String> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            firsts.add(MxResolver.hops("x.test", List.of(new MxEntry("a.x.test", 10), new MxEntry("b.x.test", 10),
                    new MxEntry("c.x.test", 30))).get(0).host());
        }
        assertEquals(Set.of("a.x.test", "b.x.test"), firsts);
    }

    @Test
    void aNullMxIsAPermanentFailure() {
        RoutingException e = assertThrows(RoutingException.class, () -> MxResolver.hops("nomail.test", List.of(new MxEntry(".", 0))));
        assertEquals(556, e.reply().code());
        assertEquals("5.1.10", e.reply().enhancedCode());
        assertThrows(RoutingException.class, () -> MxResolver.hops("nomail.test", List.of(new MxEntry("", 0))));
    }

    @Test
    void aNullMxBesideRealOnesIsIgnored() {
        assertEquals(List.of("mx.mixed.test"), MxResolver.hops("mixed.test", List.of(new MxEntry(".", 0), new MxEntry("mx.mixed.test", 10)))
                .stream().map(NextHop::host).toList());
    }
}
