package edu.hamburger.mail.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import edu.hamburger.mail.core.net.IpNetworks;
import edu.hamburger.mail.line.testing.LineSessions;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A listener behind a TCP load balancer: a raw PROXY protocol v2 header (HAProxy's binary form,
 * written byte by byte here) names the client, and only a configured source may send one. The
 * session greets with the client address it was given, as SMTP's EHLO reply and Received: do.
 */
class ProxyProtocolTest {

    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private Vertx vertx;
    private LineServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new LineServer(vertx, "test", Optional.empty(),
                new ServerLimits(5, 100, 4096, ClientNetworks.of("", "behind-lb", "127.0.0.2/32")));
        server.listen(new ListenerSpec("behind-lb", "127.0.0.1", 0, false), sessions());
        server.listen(new ListenerSpec("direct", "127.0.0.1", 0, false), sessions());
    }

    @AfterEach
    void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** PROXY v2, command PROXY, TCP over IPv4: source and destination address and port. */
    private static byte[] v2Header(String source, int sourcePort) throws Exception {
        ByteBuffer header = ByteBuffer.allocate(16 + 12);
        header.put(SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
        header.put(InetAddress.getByName(source).getAddress()).put(InetAddress.getByName("192.0.2.25").getAddress());
        header.putShort((short) sourcePort).putShort((short) 25);
        return header.array();
    }

    private String greetingFrom(String localAddress, String listener, byte[] header) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port(listener), InetAddress.getByName(localAddress), 0)) {
            socket.setSoTimeout(5000);
            if (header != null) {
                socket.getOutputStream().write(header);
                socket.getOutputStream().flush();
            }
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void theHeaderNamesTheClientWhenAConfiguredProxySendsIt() throws Exception {
        assertEquals("hello 203.0.113.9", greetingFrom("127.0.0.2", "behind-lb", v2Header("203.0.113.9", 40000)));
    }

    @Test
    void aHeaderFromAnywhereElseIsNotBelieved() throws Exception {
        assertNull(greetingFrom("127.0.0.1", "behind-lb", v2Header("203.0.113.9", 40000)), "closed unread");
    }

    @Test
    void aListenerWithoutTheProtocolSeesThePeer() throws Exception {
        assertEquals("hello 127.0.0.3", greetingFrom("127.0.0.3", "direct", null));
    }

    @Test
    void theSettingsNameListenersAndSources() {
        assertEquals(IpNetworks.of("10.0.0.0/8"), ClientNetworks.of("", "mx, submission", "10.0.0.0/8").proxySourcesFor("mx"));
        assertEquals(IpNetworks.NONE, ClientNetworks.of("", "mx, submission", "10.0.0.0/8").proxySourcesFor("imap"));
        assertEquals(IpNetworks.NONE, ClientNetworks.of("", "mx", "").proxySourcesFor("mx"), "no sources, no PROXY protocol");
    }

    private static SessionFactory sessions() {
        return LineSessions.of(connection -> "hello " + connection.clientAddress(), (wire, line) -> Step.CLOSE);
    }
}
