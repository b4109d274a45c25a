package edu.hamburger.mail.auth.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the resolver asks: which servers (none named: the system's, from /etc/resolv.conf), how
 * long it waits for each, and how long answers may be kept.
 *
 * @param servers     "host" or "host:port" (IPv6 as "[::1]:53"), tried in order
 * @param timeout     per query, over all servers
 * @param maxTtl      answers are cached for their TTL, never longer than this
 * @param negativeTtl NXDOMAIN and NODATA are cached this long when the answer carries no SOA
 * @param maxEntries  the cache's bound
 */
public record DnsSettings(List<InetSocketAddress> servers, Duration timeout, Duration maxTtl, Duration negativeTtl, int maxEntries) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public static DnsSettings system() {
        return new DnsSettings(List.of(), DEFAULT_TIMEOUT, Duration.ofHours(1), Duration.ofMinutes(5), 20_000);
    }

    /** The servers from a comma-separated list (MAIL_DNS_SERVERS); blank means the system's. */
    public static DnsSettings parse(String servers, Duration timeout) {
        List<InetSocketAddress> parsed = new ArrayList<>();
        if (servers != null) {
            for (String server : servers.split(",")) {
                String s = server.trim();
                if (!s.isEmpty()) {
                    parsed.add(server(s));
                }
            }
        }
        DnsSettings system = system();
        return new DnsSettings(List.copyOf(parsed), timeout == null ? DEFAULT_TIMEOUT : timeout, system.maxTtl(),
                system.negativeTtl(), system.maxEntries());
    }

    static InetSocketAddress server(String spec) {
        String host = spec;
        int port = 53;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            host = spec.substring(1, close);
            if (close + 1 < spec.length() && spec.charAt(close + 1) == ':') {
                port = Integer.parseInt(spec.substring(close + 2));
            }
        } else if (spec.indexOf(':') > 0 && spec.indexOf(':') == spec.lastIndexOf(':')) {
            host = spec.substring(0, spec.indexOf(':'));
            port = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
        }
        return new InetSocketAddress(host, port);
    }
}
