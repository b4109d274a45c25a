package edu.hamburger.mail.mailbox.tlsrpt;

import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A DNS server on loopback for mailbox-service under test: the reported domains' records. */
public class ReportDns implements QuarkusTestResourceLifecycleManager {

    static LoopbackDnsServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new LoopbackDnsServer().ttl(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mail.dns.servers", server.address());
    }

    @Override
    public void stop() {
        server.close();
    }
}
