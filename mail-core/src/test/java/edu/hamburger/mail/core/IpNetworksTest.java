package edu.hamburger.mail.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.net.IpNetworks;
import org.junit.jupiter.api.Test;

class IpNetworksTest {

    @Test
    void matchesPrefixesOfAnyLengthInBothFamilies() {
        IpNetworks trusted = IpNetworks.of("127.0.0.0/8, 10.1.0.0/17 ::1/128,2001:db8:1::/48 192.0.2.7");
        assertTrue(trusted.contains("127.3.4.5"));
        assertTrue(trusted.contains("10.1.127.255"));
        assertFalse(trusted.contains("10.1.128.0"));
        assertTrue(trusted.contains("::1"));
        assertTrue(trusted.contains("[2001:db8:1:ffff::2]"));
        assertFalse(trusted.contains("2001:db8:2::1"));
        assertTrue(trusted.contains("192.0.2.7"));
        assertFalse(trusted.contains("192.0.2.8"));
        assertFalse(trusted.contains("localhost"), "names are never resolved");
        assertTrue(trusted.contains("::ffff:127.0.0.1"), "an IPv4-mapped address is the IPv4 address it maps");
        assertFalse(IpNetworks.NONE.contains("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> IpNetworks.of("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> IpNetworks.of("example.com/8"));
    }

    @Test
    void nonPublicRangesAreTheOnesARelayMustNotReachByItself() {
        for (String internal : new String[] {"127.0.0.1", "10.0.0.5", "172.16.9.9", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1", "fd00::5", "fc12::1", "::ffff:10.0.0.1", "224.0.0.1", "ff02::1"}) {
            assertTrue(IpNetworks.NON_PUBLIC.contains(internal), internal);
        }
        for (String external : new String[] {"8.8.8.8", "172.32.0.1", "192.169.0.1", "2a00:1450:4001::1", "100.128.0.1"}) {
            assertFalse(IpNetworks.NON_PUBLIC.contains(external), external);
        }
    }
}
