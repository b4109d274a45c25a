package edu.hamburger.mail.relay.route;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Routes that override DNS, as Postfix's transport(5) table does: {@code crepes.fr=127.0.0.1:4025}
 * sends crepes.fr's mail there, {@code .crepes.fr=...} covers its subdomains, {@code *=...} is
 * the smart host for everything else. Credentials go before the host, percent-encoded:
 * {@code *=relay%40corp:s3cret@smtp.corp.example:587}. Entries are separated by commas.
 */
public final class TransportMap {

    private final Map<String, NextHop> routes;

    private TransportMap(Map<String, NextHop> routes) {
        this.routes = routes;
    }

    public static TransportMap empty() {
        return new TransportMap(Map.of());
    }

    /** Parses the {@code mail.relay.transport-map} value; a malformed entry is a startup error. */
    public static TransportMap parse(String spec) {
        Map<String, NextHop> routes = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new TransportMap(routes);
        }
        for (String entry : spec.split(",")) {
            entry = entry.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("transport map entry is not domain=host:port: " + entry);
            }
            String domain = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            routes.put(domain, parseHop(entry.substring(eq + 1).trim(), entry));
        }
        return new TransportMap(Map.copyOf(routes));
    }

    private static NextHop parseHop(String target, String entry) {
        NextHop.Credentials credentials = null;
        int at = target.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = target.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("transport map credentials are not user:password: " + entry);
            }
            credentials = new NextHop.Credentials(decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)));
            target = target.substring(at + 1);
        }
        String host;
        String port;
        if (target.startsWith("[")) {
            int close = target.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in transport map entry: " + entry);
            }
            host = target.substring(1, close);
            port = target.length() > close + 1 && target.charAt(close + 1) == ':' ? target.substring(close + 2) : "25";
        } else {
            int colon = target.lastIndexOf(':');
            host = colon < 0 ? target : target.substring(0, colon);
            port = colon < 0 ? "25" : target.substring(colon + 1);
        }
        try {
            return new NextHop(host, Integer.parseInt(port), credentials, "transport map");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad host:port in transport map entry " + entry + ": " + e.getMessage(), e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The route for a domain: the exact entry, else the nearest {@code .parent} entry, else {@code *}. */
    public Optional<NextHop> lookup(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        NextHop exact = routes.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            NextHop parent = routes.get(name.substring(dot));
            if (parent != null) {
                return Optional.of(parent);
            }
        }
        return Optional.ofNullable(routes.get("*"));
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }
}
