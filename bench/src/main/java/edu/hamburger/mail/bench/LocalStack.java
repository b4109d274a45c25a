package edu.hamburger.mail.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The running local stack (deploy/local/up) as the benchmarks see it: its tokens and mailbox-service's API. */
final class LocalStack {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String api;
    final String serviceToken;
    final String adminToken;
    final String kafka;
    final String jdbcUrl;

    LocalStack() throws IOException {
        Path state = Path.of(System.getenv().getOrDefault("MAIL_STACK_DIR", ".local/stack"));
        if (!Files.exists(state.resolve("internal-api.token"))) {
            throw new IllegalStateException("no local stack in " + state.toAbsolutePath() + ": run deploy/local/up first");
        }
        serviceToken = Files.readString(state.resolve("internal-api.token")).trim();
        adminToken = Files.readString(state.resolve("admin-api.token")).trim();
        api = System.getenv().getOrDefault("MAIL_MAILBOX_API_URL", "http://127.0.0.1:8082");
        kafka = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        // deploy/local/up uses the server PGHOST names (from the environment, else the stack's saved
        // settings), else its embedded one (database mail either way)
        Map<String, String> saved = savedSettings(state.resolve("settings.env"));
        String pgHost = setting("PGHOST", saved);
        jdbcUrl = System.getenv().getOrDefault("MAIL_BENCH_JDBC_URL", pgHost != null && !pgHost.isBlank()
                ? "jdbc:postgresql://" + pgHost + ":" + java.util.Objects.requireNonNullElse(setting("PGPORT", saved), "5432") + "/mail"
                : "jdbc:postgresql://127.0.0.1:" + java.util.Objects.requireNonNullElse(setting("MAIL_EMBEDDED_PG_PORT", saved), "15432") + "/mail");
    }

    private static String setting(String name, Map<String, String> saved) {
        String value = System.getenv(name);
        return value != null ? value : saved.get(name);
    }

    /** deploy/local/up's settings.env: {@code export NAME=value} lines (values without shell quoting only). */
    private static Map<String, String> savedSettings(Path file) throws IOException {
        Map<String, String> settings = new java.util.HashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("export ") && line.indexOf('=') > 7) {
                    settings.put(line.substring(7, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
        }
        return settings;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + serviceToken).GET().build());
    }

    /** A fresh account in the stack's domain, made through the admin API; returns its id. */
    long newAccount(String domain, String local) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("address", local + "@" + domain, "password", "bench-password-1",
                "quotaBytes", 1L << 40));
        return send(HttpRequest.newBuilder(URI.create(api + "/api/v1/admin/accounts"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).get("id").asLong();
    }

    /** One message into a mailbox through mailbox-service's API (setup for a benchmark, not measured). */
    void append(long account, long mailbox, byte[] message) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(api + "/api/v1/accounts/" + account + "/mailboxes/" + mailbox + "/messages"))
                .header("Authorization", "Bearer " + serviceToken).header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("append answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The id of an existing account, found through the admin API's listing of its domain. */
    long accountId(String address) throws IOException, InterruptedException {
        String domain = address.substring(address.indexOf('@') + 1);
        for (JsonNode account : send(HttpRequest.newBuilder(URI.create(api + "/api/v1/admin/accounts?domain=" + domain))
                .header("Authorization", "Bearer " + adminToken).GET().build())) {
            if (account.get("address").asText().equalsIgnoreCase(address)) {
                return account.get("id").asLong();
            }
        }
        throw new IOException("no account " + address);
    }

    String domain() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(api + "/api/v1/admin/domains"))
                .header("Authorization", "Bearer " + adminToken).GET().build()).get(0).asText();
    }

    long mailbox(long account, String name) throws IOException, InterruptedException {
        return get("/api/v1/accounts/" + account + "/mailboxes/by-name?name=" + name).get("id").asLong();
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.uri() + " answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return JSON.readTree(response.body());
    }
}
