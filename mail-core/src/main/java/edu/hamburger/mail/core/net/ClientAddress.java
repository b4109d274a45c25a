package edu.hamburger.mail.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Facts about a client's IP address that the protocol gateways decide on. */
public final class ClientAddress {

    private ClientAddress() {
    }

    /** True for 127.0.0.0/8 and ::1; the text is an IP literal, so no DNS lookup happens. */
    public static boolean isLoopback(String ipLiteral) {
        if (ipLiteral == null || !(ipLiteral.indexOf(':') >= 0 || ipLiteral.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return false;
        }
        try {
            return InetAddress.getByName(ipLiteral).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
