package edu.hamburger.mail.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.core.net.ClientAddress;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void loopbackIsRecognisedWithoutDns() {
        assertTrue(ClientAddress.isLoopback("127.0.0.1"));
        assertTrue(ClientAddress.isLoopback("127.8.9.10"));
        assertTrue(ClientAddress.isLoopback("0:0:0:0:0:0:0:1"));
        assertTrue(ClientAddress.isLoopback("::1"));
        assertFalse(ClientAddress.isLoopback("192.0.2.1"));
        assertFalse(ClientAddress.isLoopback("localhost"), "names are not looked up");
        assertFalse(ClientAddress.isLoopback(null));
    }
}
