package edu.hamburger.mail.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IMAP benchmarks that run the same client code against imap-gateway and against Dovecot
 * (bench/imap-bench starts Dovecot on another loopback port), over plain IMAP on loopback:
 * <ul>
 *   <li>{@code mix}: N clients loop LOGIN, SELECT, FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE),
 *       3 × FETCH BODY.PEEK[], STORE +FLAGS, LOGOUT; prints commands/s;</li>
 *   <li>{@code idle}: opens N connections that log in, select and IDLE; prints the server's
 *       memory growth per connection (RSS of the JVM, or the summed PSS of Dovecot's processes);</li>
 *   <li>{@code big}: SELECT plus FETCH 1:* (FLAGS) on a mailbox that holds 100,000 messages.</li>
 * </ul>
 * Usage: {@code ImapBench mix HOST PORT USER-PATTERN PASSWORD CLIENTS SECONDS} (USER-PATTERN has
 * %d for the client number); {@code ImapBench idle HOST PORT USER PASSWORD CONNECTIONS PID-OR-"dovecot"};
 * {@code ImapBench big HOST PORT USER PASSWORD}; {@code ImapBench stack-users CLIENTS FILE} makes
 * accounts in the local stack and writes their pattern; {@code ImapBench stack-big COUNT} makes an
 * account with COUNT messages by SQL and prints its address.
 */
public final class ImapBench {

    private ImapBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "stack-users" -> stackUsers(Integer.parseInt(args[1]), Path.of(args[2]));
            case "stack-big" -> stackBig(Integer.parseInt(args[1]));
            case "mix" -> mix(args[1], Integer.parseInt(args[2]), args[3], args[4], Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "idle" -> idle(args[1], Integer.parseInt(args[2]), args[3], args[4], Integer.parseInt(args[5]), args[6]);
            case "big" -> big(args[1], Integer.parseInt(args[2]), args[3], args[4]);
            default -> throw new IllegalArgumentException("mix, idle, big, stack-users or stack-big");
        }
    }

    /** Accounts bench-imap-RUN-0..N-1 in the local stack; writes "local%d@domain" to FILE. */
    static void stackUsers(int count, Path file) throws Exception {
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < count; i++) {
            stack.newAccount(domain, "bench-imap-" + run + "-" + i);
        }
        Files.writeString(file, "bench-imap-" + run + "-%d@" + domain);
    }

    static void stackBig(int count) throws Exception {
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        String local = "bench-big-" + UUID.randomUUID().toString().substring(0, 6);
        long account = stack.newAccount(domain, local);
        MailboxBench.fill(stack, stack.mailbox(account, "INBOX"), count);
        System.out.println(local + "@" + domain);
    }

    // ---- the mix ----

    static void mix(String host, int port, String userPattern, String password, int clients, int seconds) throws Exception {
        for (int c = 0; c < clients; c++) { // setup, not measured: 50 messages per mailbox
            try (Imap imap = new Imap(host, port)) {
                imap.ok("LOGIN " + String.format(userPattern, c) + " " + password);
                List<String> select = imap.ok("SELECT INBOX");
                int exists = select.stream().filter(l -> l.endsWith(" EXISTS")).mapToInt(l -> Integer.parseInt(l.split(" ")[1])).findFirst().orElse(0);
                for (int m = exists; m < 50; m++) {
                    imap.append("INBOX", message(m));
                }
                imap.ok("LOGOUT");
            }
        }
        // a warm-up of half the time, not counted: a JVM server runs long; its first seconds are its JIT's
        run(host, port, userPattern, password, clients, Math.max(1, seconds / 2), new AtomicLong(), new AtomicLong());
        AtomicLong commands = new AtomicLong();
        AtomicLong sessions = new AtomicLong();
        long start = System.nanoTime();
        run(host, port, userPattern, password, clients, seconds, commands, sessions);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("mix %s:%d: %d clients, %.1f s: %,d sessions, %,d commands = %.0f commands/s (%.1f sessions/s)%n",
                host, port, clients, elapsed, sessions.get(), commands.get(), commands.get() / elapsed, sessions.get() / elapsed);
    }

    private static void run(String host, int port, String userPattern, String password, int clients, int seconds,
            AtomicLong commands, AtomicLong sessions) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String user = String.format(userPattern, c);
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try (Imap imap = new Imap(host, port)) {
                        imap.ok("LOGIN " + user + " " + password);
                        imap.ok("SELECT INBOX");
                        imap.ok("FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE)");
                        for (int i = 0; i < 3; i++) {
                            imap.ok("FETCH " + (1 + ThreadLocalRandom.current().nextInt(50)) + " BODY.PEEK[]");
                        }
                        imap.ok("STORE " + (1 + ThreadLocalRandom.current().nextInt(50)) + " +FLAGS (\\Seen)");
                        imap.ok("LOGOUT");
                        commands.addAndGet(8);
                        sessions.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
    }

    private static byte[] message(int n) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            body.append("Line ").append(i).append(" of benchmark message ").append(n).append(", some ordinary text.\r\n");
        }
        return ("From: Alice <alice@crepes.fr>\r\nTo: bob@example.test\r\nSubject: benchmark message " + n
                + "\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <bench" + n + "@crepes.fr>\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    // ---- memory per IDLE connection ----

    static void idle(String host, int port, String user, String password, int connections, String process) throws Exception {
        long before = memory(process);
        List<Imap> open = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < connections; i++) {
                Imap imap = new Imap(host, port);
                open.add(imap);
                imap.ok("LOGIN " + user + " " + password);
                imap.ok("SELECT INBOX");
                imap.send("i IDLE");
                String line = imap.line();
                if (!line.startsWith("+")) {
                    throw new IOException("IDLE refused: " + line);
                }
            }
            double setup = (System.nanoTime() - start) / 1e9;
            Thread.sleep(5000);
            long after = memory(process);
            System.out.printf("idle %s:%d: %,d IDLE connections (LOGIN, SELECT, IDLE one after another: set up in %.1f s = %.0f connections/s);"
                    + " memory %s: %,d KiB before, %,d KiB after = %,d bytes per connection%n", host, port, connections, setup,
                    connections / setup, process.equals("dovecot") ? "PSS of all dovecot processes"
                    : "RSS of pid " + process, before / 1024, after / 1024, (after - before) / connections);
        } finally {
            for (Imap imap : open) {
                imap.close();
            }
        }
    }

    /** Bytes: RSS of one process, or the summed PSS of every process whose command line names dovecot. */
    static long memory(String process) throws IOException {
        if (!process.equals("dovecot")) {
            return field(Path.of("/proc", process, "status"), "VmRSS:");
        }
        long total = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains("dovecot") || cmdline.startsWith("dovecot/") || Files.readString(proc.resolve("comm")).startsWith("imap")) {
                        total += field(proc.resolve("smaps_rollup"), "Pss:");
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return total;
    }

    private static long field(Path file, String name) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException(name + " not in " + file);
    }

    // ---- the 100,000-message mailbox ----

    static void big(String host, int port, String user, String password) throws Exception {
        double[] seconds = new double[5];
        int exists = 0;
        for (int i = 0; i < seconds.length; i++) {
            try (Imap imap = new Imap(host, port)) {
                imap.ok("LOGIN " + user + " " + password);
                long start = System.nanoTime();
                List<String> select = imap.ok("SELECT INBOX");
                List<String> flags = imap.ok("FETCH 1:* (FLAGS)");
                seconds[i] = (System.nanoTime() - start) / 1e9;
                exists = select.stream().filter(l -> l.endsWith(" EXISTS")).mapToInt(l -> Integer.parseInt(l.split(" ")[1])).findFirst().orElse(0);
                if (flags.size() - 1 != exists) {
                    throw new IOException("FETCH returned " + (flags.size() - 1) + " of " + exists + " messages");
                }
                imap.ok("LOGOUT");
            }
        }
        double first = seconds[0];
        Arrays.sort(seconds);
        System.out.printf("big %s:%d: SELECT + FETCH 1:* (FLAGS) of %,d messages: first %.3f s, median %.3f s, best %.3f s%n",
                host, port, exists, first, seconds[seconds.length / 2], seconds[0]);
    }

    /** A minimal blocking IMAP client: tagged commands, literal-aware response reading. */
    static final class Imap implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        Imap(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setSoTimeout(120_000);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
            line(); // greeting
        }

        void send(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        List<String> ok(String command) throws IOException {
            String t = "t" + (++tag);
            send(t + " " + command);
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = line();
                lines.add(line);
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) {
                        throw new IOException(command + ": " + line);
                    }
                    return lines;
                }
            }
        }

        void append(String mailbox, byte[] message) throws IOException {
            String t = "t" + (++tag);
            send(t + " APPEND " + mailbox + " {" + message.length + "}");
            String go = line();
            if (!go.startsWith("+")) {
                throw new IOException("APPEND: " + go);
            }
            out.write(message);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (true) {
                String line = line();
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) {
                        throw new IOException("APPEND: " + line);
                    }
                    return;
                }
            }
        }

        String line() throws IOException {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            while (true) {
                int b;
                int length = 0;
                while ((b = in.read()) != -1) {
                    response.write(b);
                    length++;
                    if (b == '\n') {
                        break;
                    }
                }
                if (length == 0) {
                    throw new IOException("connection closed");
                }
                byte[] bytes = response.toByteArray();
                int end = bytes.length - 2;
                if (end > 0 && bytes[end - 1] == '}') {
                    int open = end - 1;
                    while (open > 0 && bytes[open] != '{') {
                        open--;
                    }
                    String size = new String(bytes, open + 1, end - open - 2, StandardCharsets.US_ASCII).replace("+", "");
                    if (size.matches("\\d+")) {
                        response.write(in.readNBytes(Integer.parseInt(size)));
                        continue;
                    }
                }
                return new String(bytes, 0, Math.max(0, bytes.length - 2), StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
