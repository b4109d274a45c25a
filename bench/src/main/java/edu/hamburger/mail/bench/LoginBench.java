package edu.hamburger.mail.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * Logins per second against the running local stack, cold and warm:
 * <ol>
 *   <li><b>cold</b>: mailbox-service's login policy itself ({@code POST /api/v1/auth}, as a
 *       gateway calls it on a cache miss): every login is a bcrypt verification, bounded by
 *       {@code mail.auth.max-concurrent-verifications};</li>
 *   <li><b>warm</b>: whole POP3S sessions (TLS handshake, USER, PASS, QUIT) through pop3-gateway
 *       for users it has seen: the verified-credential cache answers, no hash is computed.</li>
 * </ol>
 * Usage: {@code bench/run login [clients=4] [seconds=15] [users=20]}
 */
public final class LoginBench {

    private static final String PASSWORD = "bench-password-1";

    private LoginBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int userCount = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        long run = System.currentTimeMillis() % 100_000;
        List<String> users = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            String local = "bench-login-" + run + "-" + i;
            stack.newAccount(domain, local);
            users.add(local + "@" + domain);
        }
        System.out.printf("machine: %d cores; %d clients, %d s per phase, %d users%n",
                Runtime.getRuntime().availableProcessors(), clients, seconds, userCount);

        HttpClient http = HttpClient.newHttpClient();
        report("cold: mailbox-service /api/v1/auth (one bcrypt each)", clients, seconds, users, user -> {
            String body = LocalStack.JSON.writeValueAsString(java.util.Map.of("username", user, "password", PASSWORD,
                    "clientAddress", "127.0.0.1", "protocol", "pop3"));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.api + "/api/v1/auth"))
                    .header("Authorization", "Bearer " + stack.serviceToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("login answered " + response.statusCode() + ": " + response.body());
            }
        });

        SSLContext tls = Pop3Bench.trustingStackCa();
        for (String user : users) { // the first login of each user fills pop3-gateway's cache
            try (Pop3Bench.Pop3 pop = new Pop3Bench.Pop3(tls)) {
                pop.login(user, PASSWORD);
            }
        }
        report("warm: POP3S session through pop3-gateway (cached login)", clients, seconds, users, user -> {
            try (Pop3Bench.Pop3 pop = new Pop3Bench.Pop3(tls)) {
                pop.login(user, PASSWORD);
                pop.command("QUIT");
            }
        });
    }

    interface Login {
        void as(String user) throws Exception;
    }

    private static void report(String label, int clients, int seconds, List<String> users, Login login) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong next = new AtomicLong();
        List<Future<List<Long>>> work = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            work.add(pool.submit(() -> {
                List<Long> times = new ArrayList<>();
                while (System.nanoTime() < end) {
                    String user = users.get((int) (next.getAndIncrement() % users.size()));
                    long t = System.nanoTime();
                    login.as(user);
                    times.add(System.nanoTime() - t);
                }
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : work) {
            all.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Collections.sort(all);
        System.out.printf("%-60s %7.1f logins/s   p50 %6.1f ms   p99 %6.1f ms   (%d logins)%n", label, all.size() / elapsed,
                Percentiles.millis(all, 50), Percentiles.millis(all, 99), all.size());
    }
}
