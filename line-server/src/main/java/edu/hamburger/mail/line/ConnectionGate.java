package edu.hamburger.mail.line;

import edu.hamburger.mail.core.net.IpNetworks;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection caps of one server: a client address may hold {@code maxPerClient} connections
 * at once and all clients together {@code maxTotal}, so one client cannot take every session and
 * a flood cannot take every file descriptor. Clients in the trusted networks (Postfix's
 * mynetworks: the webmail, a monitoring probe, the local stack) are exempt from the per-client cap,
 * never from the total nor from authentication. A refused connection holds nothing.
 */
public final class ConnectionGate {

    /** Why a connection was refused. */
    public enum Refusal { CLIENT_LIMIT, SERVER_LIMIT }

    private final int maxPerClient;
    private final int maxTotal;
    private final IpNetworks trusted;
    private final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    public ConnectionGate(int maxPerClient, int maxTotal) {
        this(maxPerClient, maxTotal, IpNetworks.NONE);
    }

    public ConnectionGate(int maxPerClient, int maxTotal, IpNetworks trusted) {
        this.maxPerClient = maxPerClient;
        this.maxTotal = maxTotal;
        this.trusted = trusted;
    }

    /** Takes a slot for the address, or says why not (then nothing is taken). */
    public Refusal acquire(String address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Refusal.SERVER_LIMIT;
        }
        if (trusted.contains(address)) {
            return null;
        }
        AtomicInteger count = perClient.computeIfAbsent(address, a -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerClient) {
            release(address);
            return Refusal.CLIENT_LIMIT;
        }
        return null;
    }

    public void release(String address) {
        if (!trusted.contains(address)) {
            perClient.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
        total.decrementAndGet();
    }

    public int open() {
        return total.get();
    }
}
