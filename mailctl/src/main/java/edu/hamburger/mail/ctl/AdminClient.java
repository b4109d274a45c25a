package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import edu.hamburger.mail.core.api.admin.AccountView;
import edu.hamburger.mail.core.api.admin.AdminApi;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The admin APIs over HTTP with the operator token: mailbox-service's {@code /api/v1/admin} and
 * queue-relay's {@code /api/v1/admin/queue}. A non-2xx answer becomes an {@link AdminApiException}
 * carrying the service's own error text.
 */
public final class AdminClient {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI mailbox;
    private final URI relay;
    private final String mailboxToken;
    private final String relayToken;

    /** Each service has its own admin token in compose and Kubernetes; the local stack uses one for both. */
    public AdminClient(URI mailbox, URI relay, String mailboxToken, String relayToken) {
        this.mailbox = mailbox;
        this.relay = relay;
        this.mailboxToken = mailboxToken;
        this.relayToken = relayToken;
    }

    /** GET of mailbox-service's admin API, {@code path} relative to /api/v1/admin. */
    public <T> T mailboxGet(String path, TypeReference<T> type) {
        return call(mailbox, mailboxToken, AdminApi.MAILBOX_BASE_PATH + path, "GET", null, type);
    }

    public <T> T mailboxSend(String method, String path, Object body, TypeReference<T> type) {
        return call(mailbox, mailboxToken, AdminApi.MAILBOX_BASE_PATH + path, method, body, type);
    }

    /** A call to queue-relay's queue API, {@code path} relative to /api/v1/admin/queue. */
    public <T> T queue(String method, String path, TypeReference<T> type) {
        return call(relay, relayToken, AdminApi.QUEUE_PATH + path, method, null, type);
    }

    /** The account of {@code address}: the API addresses accounts by id. */
    public AccountView account(String address) {
        String wanted = address.trim().toLowerCase(Locale.ROOT);
        int at = wanted.lastIndexOf('@');
        if (at < 1 || at == wanted.length() - 1) {
            throw new AdminApiException(400, "bad_request", "not an address: " + address);
        }
        List<AccountView> accounts = mailboxGet("/accounts?domain=" + encode(wanted.substring(at + 1)), new TypeReference<>() {
        });
        return accounts.stream().filter(a -> a.address().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new AdminApiException(404, "not_found", "no account " + wanted));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private <T> T call(URI base, String token, String path, String method, Object body, TypeReference<T> type) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header(AdminApi.AUTHORIZATION, "Bearer " + token)
                    .header("Accept", "application/json, text/plain;q=0.5")
                    .header("Content-Type", "application/json")
                    .method(method, publisher)
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw failure(response);
            }
            if (type == null || response.body().length == 0) {
                return null;
            }
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new AdminApiException(0, "unreachable", base.resolve(path) + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminApiException(0, "interrupted", "interrupted");
        }
    }

    private static AdminApiException failure(HttpResponse<byte[]> response) {
        String error = "http_" + response.statusCode();
        String message = new String(response.body(), StandardCharsets.UTF_8).strip();
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node != null && node.hasNonNull("message")) {
                error = node.path("error").asText(error);
                message = node.get("message").asText();
            }
        } catch (IOException notJson) {
            // the plain text above is the message
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            message = "the admin token was refused (" + response.statusCode() + "): check --token-file or MAILCTL_TOKEN (the queue: --relay-token-file)";
        }
        return new AdminApiException(response.statusCode(), error, message.isEmpty() ? "HTTP " + response.statusCode() : message);
    }

    static String describe(Exception e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
    }
}
