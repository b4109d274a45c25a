package edu.hamburger.mail.line;

import edu.hamburger.mail.core.net.IpNetworks;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who the clients are, as every protocol server's settings say alike: trusted networks, exempt
 * from the per-client connection cap ({@code mail.trusted-networks}, never from authentication),
 * and the listeners behind a TCP load balancer ({@code mail.proxy-protocol.listeners}) whose
 * PROXY protocol header is believed from {@code mail.proxy-protocol.sources} only.
 */
public record ClientNetworks(IpNetworks trusted, Set<String> proxyListeners, IpNetworks proxySources) {

    public static final ClientNetworks NONE = new ClientNetworks(IpNetworks.NONE, Set.of(), IpNetworks.NONE);

    public ClientNetworks {
        proxyListeners = Set.copyOf(proxyListeners);
    }

    /** From the three settings' texts (CIDR lists and listener names, comma or space separated; blank: none). */
    public static ClientNetworks of(String trusted, String proxyListeners, String proxySources) {
        Set<String> listeners = proxyListeners == null ? Set.of() : Stream.of(proxyListeners.split("[,\\s]+"))
                .filter(name -> !name.isBlank()).map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return new ClientNetworks(IpNetworks.of(trusted == null ? "" : trusted), listeners,
                IpNetworks.of(proxySources == null ? "" : proxySources));
    }

    /** Where a listener takes PROXY protocol headers from; none (the protocol is off) unless it is named and sources are set. */
    public IpNetworks proxySourcesFor(String listener) {
        return proxyListeners.contains(listener.toLowerCase(Locale.ROOT)) ? proxySources : IpNetworks.NONE;
    }
}
