package edu.hamburger.mail.smtp;

import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A DNS server on loopback for the gateway under test, with the MX checks turned on and pointed at it. */
public class LoopbackDns implements QuarkusTestResourceLifecycleManager {

    static LoopbackDnsServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new LoopbackDnsServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a short deadline, so the slow-DNS case shows it without a long wait
        return Map.of("mail.dns.servers", server.address(), "mail.mx-checks.enabled", "true", "mail.mx-checks.timeout", "3s");
    }

    @Override
    public void stop() {
        server.close();
    }
}
