package edu.hamburger.mail.mailbox.login;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The unit failures are counted by on the client's side: an IPv4 address, or the /64 an IPv6
 * address is in (one host or one customer has a whole /64, so counting single IPv6 addresses
 * would give it 2^64 budgets). Gateways that do not know the client say nothing: "unknown".
 */
public final class ClientNetwork {

    static final String UNKNOWN = "unknown";

    private ClientNetwork() {
    }

    public static String of(String clientAddress) {
        if (clientAddress == null || clientAddress.isBlank() || clientAddress.length() > 64) {
            return UNKNOWN;
        }
        String text = clientAddress.trim();
        if (!text.matches("[0-9A-Fa-f:.%\\[\\]a-zA-Z]+")) {
            return UNKNOWN; // not an address literal: never resolve a name here
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        if (!text.contains(":") && !text.matches("[0-9.]+")) {
            return UNKNOWN;
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(String.format(Locale.ROOT, "%x", ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        } catch (UnknownHostException e) {
            return UNKNOWN;
        }
    }
}
