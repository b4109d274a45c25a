package edu.hamburger.mail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The webmail under load, through its HTTP API as the browser client uses it, against the local
 * stack (deploy/local/up). Phase 1, reading: each client signs in once, then loops over the folder
 * list, a page of the inbox, opening a message and loading its sanitised HTML body. Phase 2,
 * sending: each client sends messages to another bench user (SMTP submission to smtp-gateway, then
 * the Sent copy). Prints requests per second and latency percentiles per kind of request.
 *
 *   bench/run webmail [clients=8] [seconds=20] [messages-per-inbox=200] [sends-per-client=25]
 */
public final class WebmailBench {

    static final String WEBMAIL = System.getenv().getOrDefault("MAIL_WEBMAIL_URL", "http://127.0.0.1:8080");
    static final String PASSWORD = "bench-password-1";

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perInbox = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int sends = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        System.out.printf("webmail bench: %d clients, %d s of reading, %d messages per inbox, %d sends per client, against %s%n",
                clients, seconds, perInbox, sends, WEBMAIL);
        List<String> users = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < clients; i++) {
            String local = "webbench" + run + "u" + i;
            long account = stack.newAccount(domain, local);
            long inbox = stack.mailbox(account, "INBOX");
            for (int m = 0; m < perInbox; m++) {
                stack.append(account, inbox, message(m));
            }
            users.add(local + "@" + domain);
        }

        // ---- phase 1: reading ----
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> work = new ArrayList<>();
        for (String user : users) {
            work.add(pool.submit(() -> {
                Session session = Session.signIn(http, user);
                long inbox = 0;
                for (JsonNode folder : session.get("/api/v1/folders", latencies, "folders")) {
                    if ("inbox".equals(folder.path("role").asText())) {
                        inbox = folder.get("id").asLong();
                    }
                }
                int page = 0;
                while (running.get()) {
                    session.get("/api/v1/folders", latencies, "folders");
                    JsonNode list = session.get("/api/v1/folders/" + inbox + "/messages?size=50&page=" + (page++ % 4), latencies, "list page");
                    JsonNode first = list.get("messages").get(page % Math.max(1, list.get("messages").size()));
                    if (first == null) {
                        continue;
                    }
                    JsonNode open = session.get("/api/v1/folders/" + inbox + "/messages/" + first.get("uid").asLong(), latencies, "open message");
                    if (open.hasNonNull("htmlUrl")) {
                        session.text(open.get("htmlUrl").asText(), latencies, "html body");
                    }
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Future<?> f : work) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = latencies.values().stream().mapToLong(List::size).sum();
        System.out.printf("reading: %,d requests in %.1f s = %.0f requests/s%n", total, elapsed, total / elapsed);
        latencies.forEach((kind, list) -> print(kind, list, elapsed));

        // ---- phase 2: sending ----
        Map<String, List<Long>> sendLatencies = new ConcurrentHashMap<>();
        work.clear();
        long sendStart = System.nanoTime();
        for (int i = 0; i < users.size(); i++) {
            String from = users.get(i);
            String to = users.get((i + 1) % users.size());
            work.add(pool.submit(() -> {
                Session session = Session.signIn(http, from);
                for (int s = 0; s < sends; s++) {
                    session.post("/api/v1/messages", Map.of("to", List.of(to), "subject", "bench " + s,
                            "text", "A message of a few lines,\nsent through the webmail.\n"), sendLatencies, "send");
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        double sendElapsed = (System.nanoTime() - sendStart) / 1e9;
        int sent = sendLatencies.get("send").size();
        System.out.printf("sending: %,d messages in %.1f s = %.1f messages/s (submission + Sent copy each)%n", sent, sendElapsed, sent / sendElapsed);
        print("send", sendLatencies.get("send"), sendElapsed);
        pool.shutdown();
    }

    private static void print(String kind, List<Long> nanos, double elapsed) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("  %-13s %,7d  %7.1f/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", kind, sorted.size(), sorted.size() / elapsed,
                Percentiles.millis(sorted, 50), Percentiles.millis(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
    }

    /** Every third message is HTML with a link and a remote image (sanitised on each open), the rest plain text. */
    static byte[] message(int n) {
        String head = "From: Sender " + n + " <sender" + n + "@elsewhere.test>\r\nTo: reader@example.test\r\nSubject: Bench message " + n
                + "\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <bench" + n + "." + System.nanoTime() + "@elsewhere.test>\r\nMIME-Version: 1.0\r\n";
        StringBuilder body = new StringBuilder();
        if (n % 3 == 0) {
            body.append("<html><body><h1>Newsletter ").append(n).append("</h1>");
            for (int i = 0; i < 20; i++) {
                body.append("<p style=\"color:#333;font-size:14px\">Paragraph ").append(i)
                        .append(" with <a href=\"https://example.org/").append(i).append("\">a link</a>.</p>\r\n");
            }
            body.append("<img src=\"https://tracker.example/p.gif\"></body></html>\r\n");
            return (head + "Content-Type: text/html; charset=utf-8\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        }
        for (int i = 0; i < 30; i++) {
            body.append("Line ").append(i).append(" of a plain message, long enough to look like mail.\r\n");
        }
        return (head + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** One signed-in client: cookie and CSRF token, timing each request by kind. */
    private record Session(HttpClient http, String cookie, String csrf) {

        static Session signIn(HttpClient http, String user) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(WEBMAIL + "/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(LocalStack.JSON.writeValueAsString(Map.of("username", user, "password", PASSWORD))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("sign-in answered " + response.statusCode() + ": " + response.body());
            }
            return new Session(http, response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0],
                    LocalStack.JSON.readTree(response.body()).get("csrfToken").asText());
        }

        JsonNode get(String path, Map<String, List<Long>> latencies, String kind) throws Exception {
            return LocalStack.JSON.readTree(text(path, latencies, kind));
        }

        String text(String path, Map<String, List<Long>> latencies, String kind) throws Exception {
            return timed(HttpRequest.newBuilder(URI.create(WEBMAIL + path)).header("Cookie", cookie).GET().build(), latencies, kind);
        }

        void post(String path, Object body, Map<String, List<Long>> latencies, String kind) throws Exception {
            timed(HttpRequest.newBuilder(URI.create(WEBMAIL + path)).header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(LocalStack.JSON.writeValueAsString(body))).build(), latencies, kind);
        }

        private String timed(HttpRequest request, Map<String, List<Long>> latencies, String kind) throws Exception {
            long t0 = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t0;
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            latencies.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(took);
            return response.body();
        }
    }
}
