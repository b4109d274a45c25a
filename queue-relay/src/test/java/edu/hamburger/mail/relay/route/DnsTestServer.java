package edu.hamburger.mail.relay.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny authoritative DNS server over UDP on loopback (RFC 1035 wire format written by hand),
 * so the relay's resolver is tested against real DNS packets: MX and A answers, an empty answer,
 * NXDOMAIN and SERVFAIL.
 */
final class DnsTestServer implements AutoCloseable {

    static final int TYPE_A = 1;
    static final int TYPE_MX = 15;
    static final int TYPE_AAAA = 28;
    static final int NXDOMAIN = 3;
    static final int SERVFAIL = 2;

    record Mx(int preference, String exchange) {
    }

    private final DatagramSocket socket;
    private final Map<String, List<Mx>> mx = new ConcurrentHashMap<>();
    private final Map<String, byte[]> a = new ConcurrentHashMap<>();
    private final Map<String, Integer> rcodes = new ConcurrentHashMap<>();
    private final Thread thread;

    DnsTestServer() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "dns-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    DnsTestServer mx(String name, Mx... records) {
        mx.put(name.toLowerCase(Locale.ROOT), List.of(records));
        return this;
    }

    DnsTestServer a(String name, byte... address) {
        a.put(name.toLowerCase(Locale.ROOT), address);
        return this;
    }

    DnsTestServer rcode(String name, int rcode) {
        rcodes.put(name.toLowerCase(Locale.ROOT), rcode);
        return this;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] answer = answer(packet.getData(), packet.getLength());
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private byte[] answer(byte[] query, int length) {
        int position = 12;
        List<String> labels = new ArrayList<>();
        while (query[position] != 0) {
            int size = query[position];
            labels.add(new String(query, position + 1, size, StandardCharsets.US_ASCII));
            position += size + 1;
        }
        position++;
        int type = ((query[position] & 0xff) << 8) | (query[position + 1] & 0xff);
        int questionEnd = position + 4;
        String name = String.join(".", labels).toLowerCase(Locale.ROOT);

        List<byte[]> records = new ArrayList<>();
        int rcode = rcodes.getOrDefault(name, 0);
        boolean known = mx.containsKey(name) || a.containsKey(name);
        if (rcode == 0 && !known) {
            rcode = NXDOMAIN;
        }
        if (rcode == 0 && type == TYPE_MX && mx.containsKey(name)) {
            for (Mx record : mx.get(name)) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                data.write(record.preference() >> 8);
                data.write(record.preference() & 0xff);
                data.writeBytes(encodeName(record.exchange()));
                records.add(resourceRecord(TYPE_MX, data.toByteArray()));
            }
        } else if (rcode == 0 && type == TYPE_A && a.containsKey(name)) {
            records.add(resourceRecord(TYPE_A, a.get(name)));
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(query[0]);
        out.write(query[1]); // the query's id
        out.write(0x84 | (query[2] & 0x01)); // QR=1, AA=1, RD copied
        out.write(0x80 | rcode); // RA=1, RCODE
        out.writeBytes(new byte[] {0, 1, 0, (byte) records.size(), 0, 0, 0, 0});
        out.write(query, 12, questionEnd - 12);
        records.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** An answer for the question's name (a pointer to offset 12), class IN, TTL 60. */
    private static byte[] resourceRecord(int type, byte[] data) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {(byte) 0xc0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 60, (byte) (data.length >> 8), (byte) data.length});
        record.writeBytes(data);
        return record.toByteArray();
    }

    private static byte[] encodeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                out.write(label.length());
                out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
