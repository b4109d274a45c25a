package edu.hamburger.mail.relay;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server for the relay's tests, written with plain blocking sockets (nothing shared with
 * the code under test). By default it accepts everything; a test scripts exceptions per command
 * or per recipient: another reply, a dropped connection, or silence (a stall). It records every
 * connection, command and message it received.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** What the server does instead of its default answer. */
    public sealed interface Action permits Reply, Drop, Stall {
    }

    public record Reply(String lines) implements Action {
    }

    public record Drop() implements Action {
    }

    public record Stall() implements Action {
    }

    /** A message as the server received it, after removing the dot-stuffing. */
    public record Received(String mailFrom, List<String> recipients, byte[] data, int connection, String helo, long acceptedNanos) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** One mail transaction's life: from the accepted MAIL to its last reply or the connection's end. */
    private record Transaction(String helo, long startedNanos, java.util.concurrent.atomic.AtomicLong endedNanos) {
    }

    private final List<Transaction> transactions = new CopyOnWriteArrayList<>();

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, List<Action>> scripted = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private volatile List<String> extensions = List.of("PIPELINING", "SIZE 10240000", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "DSN");
    private volatile SSLContext tls;
    private volatile boolean closed;
    private volatile long dataDelay;

    public ScriptedSmtpServer() throws IOException {
        socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The EHLO keywords to announce (STARTTLS is added when {@link #enableTls} was called). */
    public ScriptedSmtpServer extensions(String... keywords) {
        this.extensions = List.of(keywords);
        return this;
    }

    /** Makes every transaction slower, as a real server's disk and filters do. */
    public ScriptedSmtpServer dataDelay(java.time.Duration delay) {
        this.dataDelay = delay.toMillis();
        return this;
    }

    public ScriptedSmtpServer enableTls(java.nio.file.Path pkcs12, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(pkcs12)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        this.tls = context;
        return this;
    }

    /**
     * Scripts the next answers to a command: the key is the verb ("MAIL", "DATA", "EHLO",
     * "GREETING", "END" for the reply after the final dot) or "RCPT <address>" for one recipient.
     * Each action is used once, in order; then the default applies again.
     */
    public ScriptedSmtpServer on(String key, Action... actions) {
        scripted.computeIfAbsent(key.toUpperCase(Locale.ROOT), k -> Collections.synchronizedList(new ArrayList<>()))
                .addAll(List.of(actions));
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> commands() {
        return List.copyOf(commands);
    }

    /**
     * The transactions from the client that said {@code helo} which were open at {@code instant}
     * ({@link System#nanoTime}) or had been answered less than {@code grace} before it: what a
     * client killed at that instant may not have recorded yet.
     */
    public int inFlightAt(String helo, long instant, java.time.Duration grace) {
        long since = instant - grace.toNanos();
        return (int) transactions.stream().filter(t -> java.util.Objects.equals(t.helo(), helo) && t.startedNanos() <= instant)
                .filter(t -> t.endedNanos().get() == 0 || t.endedNanos().get() >= since).count();
    }

    public int connections() {
        return connections.get();
    }

    public int maxConcurrentConnections() {
        return maxOpen.get();
    }

    private Action next(String key) {
        List<Action> actions = scripted.get(key.toUpperCase(Locale.ROOT));
        if (actions == null) {
            return null;
        }
        synchronized (actions) {
            return actions.isEmpty() ? null : actions.remove(0);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                int number = connections.incrementAndGet();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                threads.submit(() -> {
                    try {
                        serve(client, number);
                    } catch (IOException | RuntimeException ignored) {
                        // the client went away: that is one of the things under test
                    } finally {
                        open.decrementAndGet();
                        try {
                            client.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, int number) throws IOException {
        client.setSoTimeout(60_000);
        InputStream in = client.getInputStream();
        OutputStream out = new BufferedOutputStream(client.getOutputStream());
        Transaction[] transaction = new Transaction[1];
        try {
            if (!answer(out, "GREETING", "220 scripted.test ESMTP ready")) {
                return;
            }
            dialogue(client, number, in, out, transaction);
        } finally {
            end(transaction);
        }
    }

    private void end(Transaction[] current) {
        if (current[0] != null) {
            current[0].endedNanos().compareAndSet(0, System.nanoTime());
            current[0] = null;
        }
    }

    private void dialogue(Socket client, int number, InputStream in, OutputStream out, Transaction[] transaction) throws IOException {
        Socket current = client;
        String mailFrom = null;
        List<String> recipients = new ArrayList<>();
        boolean tlsActive = false;
        String helo = null;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return;
            }
            commands.add(line);
            String upper = line.toUpperCase(Locale.ROOT);
            String verb = upper.split(" ", 2)[0];
            if (verb.equals("EHLO") || verb.equals("HELO")) {
                helo = line.length() > 5 ? line.substring(5).trim() : "";
            }
            if (verb.equals("DATA") && dataDelay > 0) {
                try {
                    Thread.sleep(dataDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (verb.equals("EHLO")) {
                List<String> lines = new ArrayList<>();
                lines.add("scripted.test");
                lines.addAll(extensions);
                if (tls != null && !tlsActive) {
                    lines.add("STARTTLS");
                }
                StringBuilder reply = new StringBuilder();
                for (int i = 0; i < lines.size(); i++) {
                    reply.append("250").append(i == lines.size() - 1 ? " " : "-").append(lines.get(i)).append("\r\n");
                }
                if (!answer(out, "EHLO", reply.substring(0, reply.length() - 2))) {
                    return;
                }
            } else if (verb.equals("HELO")) {
                if (!answer(out, "HELO", "250 scripted.test")) {
                    return;
                }
            } else if (verb.equals("STARTTLS") && tls != null && !tlsActive) {
                if (!answer(out, "STARTTLS", "220 2.0.0 go ahead")) {
                    return;
                }
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(current, null, current.getPort(), true);
                secure.setUseClientMode(false);
                secure.startHandshake();
                current = secure;
                in = secure.getInputStream();
                out = new BufferedOutputStream(secure.getOutputStream());
                tlsActive = true;
                mailFrom = null;
                recipients.clear();
            } else if (verb.equals("MAIL")) {
                Action action = next("MAIL");
                if (action != null && !perform(out, action)) {
                    return;
                }
                if (action == null) {
                    reply(out, "250 2.1.0 ok");
                }
                if (action == null || ((Reply) action).lines().startsWith("2")) {
                    mailFrom = line.substring(line.indexOf(':') + 1).trim();
                    recipients.clear();
                    end(transaction);
                    transaction[0] = new Transaction(helo, System.nanoTime(), new java.util.concurrent.atomic.AtomicLong());
                    transactions.add(transaction[0]);
                }
            } else if (verb.equals("RCPT")) {
                String path = line.substring(line.indexOf(':') + 1).trim();
                String address = path.substring(path.indexOf('<') + 1, path.indexOf('>')).toLowerCase(Locale.ROOT);
                Action action = next("RCPT " + address);
                if (action == null) {
                    action = next("RCPT");
                }
                if (action == null) {
                    recipients.add(address);
                    reply(out, "250 2.1.5 ok");
                } else if (!perform(out, action)) {
                    return;
                } else if (((Reply) action).lines().startsWith("2")) {
                    recipients.add(address);
                }
            } else if (verb.equals("DATA")) {
                Action action = next("DATA");
                if (action == null && recipients.isEmpty()) {
                    action = new Reply("554 5.5.1 no valid recipients");
                }
                if (action != null) {
                    if (!perform(out, action)) {
                        return;
                    }
                    continue;
                }
                reply(out, "354 go ahead");
                byte[] data = readData(in);
                Action end = next("END");
                if (end == null) {
                    received.add(new Received(mailFrom, List.copyOf(recipients), data, number, helo, System.nanoTime()));
                    reply(out, "250 2.0.0 queued as " + received.size());
                } else if (!perform(out, end)) {
                    return;
                } else if (((Reply) end).lines().startsWith("2")) {
                    received.add(new Received(mailFrom, List.copyOf(recipients), data, number, helo, System.nanoTime()));
                }
                mailFrom = null;
                recipients.clear();
                end(transaction);
            } else if (verb.equals("RSET")) {
                mailFrom = null;
                recipients.clear();
                end(transaction);
                if (!answer(out, "RSET", "250 2.0.0 ok")) {
                    return;
                }
            } else if (verb.equals("AUTH")) {
                if (!answer(out, "AUTH", "235 2.7.0 authenticated")) {
                    return;
                }
            } else if (verb.equals("NOOP")) {
                reply(out, "250 2.0.0 ok");
            } else if (verb.equals("QUIT")) {
                reply(out, "221 2.0.0 bye");
                return;
            } else {
                reply(out, "502 5.5.2 command not recognized");
            }
        }
    }

    /** Scripted action or the default reply; false if the session ended (drop/stall). */
    private boolean answer(OutputStream out, String key, String defaultReply) throws IOException {
        Action action = next(key);
        if (action == null) {
            reply(out, defaultReply);
            return true;
        }
        return perform(out, action);
    }

    private boolean perform(OutputStream out, Action action) throws IOException {
        if (action instanceof Reply reply) {
            reply(out, reply.lines());
            return true;
        }
        if (action instanceof Stall) {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    /** Reads DATA up to the lone ".", undoing the dot-stuffing; keeps CRLF line ends. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                line.reset();
                if (bytes.length == 3 && bytes[0] == '.' && bytes[1] == '\r') {
                    return data.toByteArray();
                }
                int from = bytes.length > 0 && bytes[0] == '.' ? 1 : 0;
                data.write(bytes, from, bytes.length - from);
            }
        }
        throw new IOException("connection closed during DATA");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        threads.shutdownNow();
    }
}
