package edu.hamburger.mail.auth.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server over UDP on loopback for tests: records are added as zone-file text
 * ({@code txt("crepes.fr", "v=spf1 -all")}), answered with real DNS packets, so what is tested is
 * the resolver and the checks as they run against any server. Names it does not know are NXDOMAIN;
 * {@link #rcode} makes a name answer SERVFAIL and the like.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Map<String, Integer> rcodes = new ConcurrentHashMap<>();
    private final java.util.Set<String> servfailWithoutData = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> silent = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> secure = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile long ttl = 300;

    public LoopbackDnsServer() throws IOException {
        this(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** On a given address, e.g. 127.0.0.153:53 for a program that only reads /etc/resolv.conf. */
    public LoopbackDnsServer(java.net.InetSocketAddress bind) throws IOException {
        socket = new DatagramSocket(bind);
        Thread thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    /** "127.0.0.1:port", as MAIL_DNS_SERVERS takes it. */
    public String address() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The TTL of records added from now on. */
    public LoopbackDnsServer ttl(long seconds) {
        this.ttl = seconds;
        return this;
    }

    /** One TXT record; a value over 255 octets is split into strings as a zone file would. */
    public LoopbackDnsServer txt(String name, String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 250) {
            parts.add(value.substring(i, Math.min(value.length(), i + 250)));
        }
        return txtStrings(name, parts);
    }

    /** One TXT record of exactly these character strings (any octets: quotes, control characters, UTF-8). */
    public LoopbackDnsServer txtStrings(String name, List<String> strings) {
        StringBuilder quoted = new StringBuilder();
        for (String string : strings) {
            quoted.append('"');
            for (byte b : string.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c == '"' || c == '\\') {
                    quoted.append('\\').append((char) c);
                } else if (c < 0x20 || c > 0x7e) {
                    quoted.append(String.format("\\%03d", c)); // zone-file \DDD
                } else {
                    quoted.append((char) c);
                }
            }
            quoted.append("\" ");
        }
        return add(name, Type.TXT, quoted.toString().trim());
    }

    public LoopbackDnsServer a(String name, String address) {
        return add(name, Type.A, address);
    }

    public LoopbackDnsServer aaaa(String name, String address) {
        return add(name, Type.AAAA, address);
    }

    public LoopbackDnsServer mx(String name, int preference, String exchange) {
        return add(name, Type.MX, preference + " " + absolute(exchange));
    }

    public LoopbackDnsServer ptr(String name, String target) {
        return add(name, Type.PTR, absolute(target));
    }

    /** Any type, its data as in a zone file. */
    public LoopbackDnsServer add(String name, int type, String data) {
        try {
            Record record = Record.fromString(Name.fromString(absolute(name)), type, DClass.IN, ttl, data, Name.root);
            records.computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>()).add(record);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad record data for " + name + ": " + data, e);
        }
        return this;
    }

    public LoopbackDnsServer remove(String name) {
        records.remove(key(name));
        return this;
    }

    /**
     * Answers for this name carry the AD bit, as a validating recursive server sets it for data
     * whose DNSSEC signatures it checked (the rest of the zone stays "insecure").
     */
    public LoopbackDnsServer secure(String name) {
        secure.add(key(name));
        return this;
    }

    /** Queries for this name get no answer at all: a server that times out. */
    public LoopbackDnsServer silent(String name) {
        silent.add(key(name));
        return this;
    }

    /** Forgets every record and answer code. */
    public LoopbackDnsServer clear() {
        records.clear();
        rcodes.clear();
        silent.clear();
        secure.clear();
        servfailWithoutData.clear();
        return this;
    }

    /** Queries for a type the name has no records of answer SERVFAIL (a server that times out on them). */
    public LoopbackDnsServer servfailWithoutData(String name) {
        servfailWithoutData.add(key(name));
        return this;
    }

    public LoopbackDnsServer rcode(String name, int rcode) {
        rcodes.put(key(name), rcode);
        return this;
    }

    /** How many queries were answered. */
    public int queries() {
        return queries.get();
    }

    @Override
    public void close() {
        socket.close();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] query = new byte[packet.getLength()];
                System.arraycopy(packet.getData(), 0, query, 0, query.length);
                Message parsed = new Message(query);
                if (silent.contains(key(parsed.getQuestion().getName().toString()))) {
                    continue;
                }
                byte[] answer = answer(parsed).toWire(4096);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        queries.incrementAndGet();
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(question, Section.QUESTION);
        String name = key(question.getName().toString());
        if (secure.contains(name)) {
            response.getHeader().setFlag(Flags.AD);
        }
        Integer rcode = rcodes.get(name);
        if (rcode != null) {
            response.getHeader().setRcode(rcode);
            return response;
        }
        List<Record> known = records.get(name);
        if (known == null && servfailWithoutData.contains(name)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        if (known == null && !hasDescendant(name)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        boolean answered = false;
        for (Record record : known == null ? List.<Record>of() : known) {
            if (record.getType() == question.getType()) {
                response.addRecord(record, Section.ANSWER);
                answered = true;
            } else if (record.getType() == Type.CNAME) { // as a recursive server would: the alias, then what it names
                response.addRecord(record, Section.ANSWER);
                for (Record target : records.getOrDefault(key(((org.xbill.DNS.CNAMERecord) record).getTarget().toString()), List.of())) {
                    if (target.getType() == question.getType()) {
                        response.addRecord(target, Section.ANSWER);
                        answered = true;
                    }
                }
            }
        }
        if (!answered && servfailWithoutData.contains(name)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            response.removeAllRecords(Section.ANSWER);
        }
        return response;
    }

    /** An empty non-terminal (_domainkey.crepes.fr when a selector below it exists) is NODATA, not NXDOMAIN. */
    private boolean hasDescendant(String name) {
        for (String known : new ArrayList<>(records.keySet())) {
            if (known.endsWith("." + name)) {
                return true;
            }
        }
        return false;
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    /** Names as DNS presents them (a space in a label is escaped), lower-cased, without the final dot. */
    private static String key(String name) {
        try {
            return Name.fromString(absolute(name)).toString(true).toLowerCase(Locale.ROOT);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name, e);
        }
    }
}
