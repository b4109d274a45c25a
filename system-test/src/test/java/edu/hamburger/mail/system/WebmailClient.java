package edu.hamburger.mail.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A user of a deployment's webmail over HTTP, as the browser client is: the session cookie from
 * signing in, and the CSRF token on every change.
 */
final class WebmailClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String cookie;
    private final String csrf;

    private WebmailClient(String base, String cookie, String csrf) {
        this.base = base;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    static WebmailClient signIn(String base, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sign-in as " + username + " answered " + response.statusCode() + ": " + response.body());
        }
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        return new WebmailClient(base, cookie, JSON.readTree(response.body()).get("csrfToken").asText());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET(), 200);
    }

    byte[] raw(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), expected);
    }

    /** The status of a request with this session's cookie (and CSRF token) to any replica's {@code base}. */
    int status(String replica, String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(replica + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Cookie", cookie).header("X-CSRF-Token", csrf).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    long folderId(String role) throws IOException, InterruptedException {
        for (JsonNode folder : get("/api/v1/folders")) {
            if (role.equals(folder.path("role").asText())) {
                return folder.get("id").asLong();
            }
        }
        throw new IllegalStateException("no " + role + " folder");
    }

    /** The UID of the last message in the folder with this subject, or -1. */
    long uidOf(long folderId, String subject) throws IOException, InterruptedException {
        long uid = -1;
        for (JsonNode item : get("/api/v1/folders/" + folderId + "/messages").get("messages")) {
            if (subject.equals(item.path("subject").asText())) {
                uid = item.path("uid").asLong();
            }
        }
        return uid;
    }

    private JsonNode call(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Cookie", cookie).header("X-CSRF-Token", csrf).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
