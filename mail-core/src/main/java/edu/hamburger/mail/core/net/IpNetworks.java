package edu.hamburger.mail.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A list of IP networks in CIDR notation ("127.0.0.0/8, ::1/128, 10.1.0.0/16"), the form of
 * Postfix's mynetworks: trusted client networks, the sources allowed to send a PROXY header, and
 * the address ranges the relay never connects to on its own ({@link #NON_PUBLIC}). Matching takes
 * IP literals only; nothing here resolves a name.
 */
public final class IpNetworks {

    /** One network: an address prefix of {@code bits} bits. */
    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    public static final IpNetworks NONE = new IpNetworks(List.of(), "");

    /**
     * Where a relay must not go unless told to by name (issue 15, item 13): "this" network,
     * loopback, RFC 1918 private, carrier-grade NAT, link-local, benchmarking, multicast and
     * reserved IPv4; IPv6 unspecified, loopback, unique-local, link-local, site-local, multicast
     * and documentation prefixes. (An IPv4-mapped IPv6 address is read as the IPv4 address it maps.)
     */
    public static final IpNetworks NON_PUBLIC = of("0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, "
            + "172.16.0.0/12, 192.0.0.0/24, 192.0.2.0/24, 192.168.0.0/16, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24, "
            + "224.0.0.0/4, 240.0.0.0/4, ::/128, ::1/128, 64:ff9b:1::/48, 100::/64, 2001:db8::/32, fc00::/7, "
            + "fe80::/10, fec0::/10, ff00::/8");

    private final List<Block> blocks;
    private final String text;

    private IpNetworks(List<Block> blocks, String text) {
        this.blocks = blocks;
        this.text = text;
    }

    /** Parses a comma- or space-separated list; a bare address is a /32 or /128. */
    public static IpNetworks of(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        for (String item : list.split("[,\\s]+")) {
            if (item.isBlank()) {
                continue;
            }
            int slash = item.indexOf('/');
            String host = slash < 0 ? item : item.substring(0, slash);
            byte[] prefix = literal(host);
            if (prefix == null) {
                throw new IllegalArgumentException("not an IP network: " + item);
            }
            int bits;
            try {
                bits = slash < 0 ? prefix.length * 8 : Integer.parseInt(item.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IP network: " + item);
            }
            if (bits < 0 || bits > prefix.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + item);
            }
            blocks.add(new Block(prefix, bits));
        }
        return new IpNetworks(List.copyOf(blocks), String.join(", ", list.trim().split("[,\\s]+")));
    }

    /** True when the IP literal lies in one of the networks; false for anything that is no IP literal. */
    public boolean contains(String ipLiteral) {
        byte[] address = literal(ipLiteral);
        return address != null && contains(address);
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    private boolean contains(byte[] address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** The bytes of an IPv4 or IPv6 literal (brackets and zone allowed), or null: never a DNS lookup. */
    public static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        boolean ipv6 = s.indexOf(':') >= 0 && s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        boolean ipv4 = !ipv6 && s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpNetworks networks && networks.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
