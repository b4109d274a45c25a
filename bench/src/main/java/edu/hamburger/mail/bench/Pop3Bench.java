package edu.hamburger.mail.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * pop3-gateway benchmarks against the local stack, over POP3S (port 3995, the stack's CA):
 * <ol>
 *   <li>sessions/s: parallel clients each doing connect, TLS, USER/PASS, STAT, QUIT in a loop;</li>
 *   <li>RETR throughput: one session downloading every message of a mailbox filled through the API.</li>
 * </ol>
 * Usage: {@code bench/run pop3 [clients=8] [sessions=200] [messages=40] [message-KiB=1024] [mix-seconds=0]}
 */
public final class Pop3Bench {

    private Pop3Bench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int kib = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
        int mixSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        SSLContext tls = trustingStackCa();
        // one account per client: POP3 allows one session per maildrop ([IN-USE])
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> users = new ArrayList<>();
        List<Long> accounts = new ArrayList<>();
        long account = -1;
        for (int c = 0; c < clients; c++) {
            long id = stack.newAccount(domain, "bench-pop-" + run + "-" + c);
            accounts.add(id);
            account = c == 0 ? id : account;
            users.add("bench-pop-" + run + "-" + c + "@" + domain);
        }
        long inbox = stack.mailbox(account, "INBOX");
        String user = users.get(0);

        // sessions per second (each login checks a bcrypt hash in mailbox-service)
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Integer>> done = new ArrayList<>();
        long start = System.nanoTime();
        int perClient = sessions / clients;
        for (int c = 0; c < clients; c++) {
            String clientUser = users.get(c);
            done.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    try (Pop3 pop = new Pop3(tls)) {
                        pop.login(clientUser, "bench-password-1");
                        pop.command("STAT");
                        pop.command("QUIT");
                    }
                }
                return perClient;
            }));
        }
        int total = 0;
        try {
            for (Future<Integer> f : done) {
                total += f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pop3 sessions: %d clients, %d sessions (TLS, USER/PASS, STAT, QUIT) in %.1f s = %.1f sessions/s%n",
                clients, total, seconds, total / seconds);

        // RETR throughput
        byte[] message = message(kib * 1024);
        for (int i = 0; i < messages; i++) {
            stack.append(account, inbox, message);
            message[message.length - 3] = (byte) ('a' + i % 26); // distinct content: no deduplication
        }
        for (int round = 0; round < 2; round++) {
            try (Pop3 pop = new Pop3(tls)) {
                pop.login(user, "bench-password-1");
                long bytes = 0;
                long retrStart = System.nanoTime();
                for (int i = 1; i <= messages; i++) {
                    bytes += pop.retr(i);
                }
                double retrSeconds = (System.nanoTime() - retrStart) / 1e9;
                pop.command("QUIT");
                System.out.printf("pop3 RETR (round %d): %d messages, %.1f MB in %.2f s = %.1f MB/s, %.0f messages/s%n",
                        round + 1, messages, bytes / 1e6, retrSeconds, bytes / 1e6 / retrSeconds, messages / retrSeconds);
            }
        }
        if (mixSeconds > 0) {
            mix(stack, tls, users, accounts, messages, kib, mixSeconds);
        }
    }

    /**
     * The download mix of issue 17 (as Dovecot is measured): each client, on its own maildrop of
     * {@code messages} messages, repeats USER, PASS, STAT, UIDL, RETR of every message, QUIT for
     * {@code seconds}; ops/s counts every command, RETR/s the messages.
     */
    private static void mix(LocalStack stack, SSLContext tls, List<String> users, List<Long> accounts, int messages, int kib,
            int seconds) throws Exception {
        int clients = users.size();
        byte[] message = message(kib * 1024);
        for (int c = 1; c < clients; c++) { // client 0's maildrop was filled above
            long account = accounts.get(c);
            long inbox = stack.mailbox(account, "INBOX");
            for (int i = 0; i < messages; i++) {
                stack.append(account, inbox, message);
            }
        }
        System.out.println("pop3 mix: started"); // a mark for tools that sample the servers' CPU (bench/README.md)
        System.out.flush();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        java.util.concurrent.atomic.AtomicLong ops = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong retrs = new java.util.concurrent.atomic.AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String user = users.get(c);
            running.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    try (Pop3 pop = new Pop3(tls)) {
                        pop.login(user, "bench-password-1");
                        pop.command("STAT");
                        pop.multiLine("UIDL");
                        ops.addAndGet(4);
                        for (int i = 1; i <= messages; i++) {
                            pop.retr(i);
                            ops.incrementAndGet();
                            retrs.incrementAndGet();
                        }
                        pop.command("QUIT");
                        ops.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("pop3 mix: %d clients x %d s, %d messages of %d KiB per maildrop: %.0f ops/s, %.0f RETR/s%n",
                clients, seconds, messages, kib, ops.get() / elapsed, retrs.get() / elapsed);
    }

    private static byte[] message(int size) {
        StringBuilder text = new StringBuilder("Subject: pop3 benchmark\r\n\r\n");
        String line = "Do you like ketchup? How about pickles? .leading dots are stuffed on the way out.\r\n";
        while (text.length() + line.length() < size - 4) {
            text.append(line);
        }
        text.append("xx\r\n");
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static SSLContext trustingStackCa() throws Exception {
        Path ca = Path.of(System.getenv().getOrDefault("MAIL_STACK_DIR", ".local/stack"), "tls", "ca.pem");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (FileInputStream pem = new FileInputStream(ca.toFile())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A minimal POP3S client. */
    static final class Pop3 implements AutoCloseable {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        Pop3(SSLContext tls) throws IOException {
            socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost",
                    Integer.parseInt(System.getenv().getOrDefault("MAIL_POP3S_PORT", "3995")));
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
            expectOk(line());
        }

        void login(String user, String password) throws IOException {
            command("USER " + user);
            command("PASS " + password);
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return expectOk(line());
        }

        /** A command whose +OK is followed by lines up to a dot; returns how many lines. */
        int multiLine(String command) throws IOException {
            command(command);
            int lines = 0;
            while (!line().equals(".")) {
                lines++;
            }
            return lines;
        }

        /** RETR n; returns the octets received up to the terminating dot. */
        long retr(int number) throws IOException {
            command("RETR " + number);
            long octets = 0;
            while (true) {
                String line = line();
                if (line.equals(".")) {
                    return octets;
                }
                octets += line.length() + 2;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1) {
                throw new IOException("connection closed");
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        private static String expectOk(String line) throws IOException {
            if (!line.startsWith("+OK")) {
                throw new IOException("expected +OK, got " + line);
            }
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
