package edu.hamburger.mail.mailbox.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into the real mailbox-service of {@link MailboxServiceProcess} from a gateway's test:
 * "what is in bob's INBOX now?". Plain HTTP and regular expressions, so the tests do not depend
 * on the client under test.
 */
public final class MailboxLookups {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MailboxLookups() {
    }

    public static long accountId(String user, String password) {
        String body = post("/api/v1/auth", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        return number(body, "accountId");
    }

    public static long inboxId(long accountId) {
        return mailboxId(accountId, "INBOX");
    }

    public static long mailboxId(long accountId, String name) {
        return number(get("/api/v1/accounts/" + accountId + "/mailboxes/by-name?name=" + name), "id");
    }

    /** Number of messages in the account's INBOX. */
    public static long inboxCount(long accountId) {
        return number(get("/api/v1/accounts/" + accountId + "/mailboxes/" + inboxId(accountId)), "messages");
    }

    /** The raw bytes of the newest message in the INBOX. */
    public static byte[] newestInboxMessage(long accountId) {
        long inbox = inboxId(accountId);
        long uidNext = number(get("/api/v1/accounts/" + accountId + "/mailboxes/" + inbox), "uidNext");
        String listing = get("/api/v1/accounts/" + accountId + "/mailboxes/" + inbox + "/messages?uids=" + Math.max(1, uidNext - 1) + ":*");
        long uid = number(listing, "uid");
        return bytes("/api/v1/accounts/" + accountId + "/mailboxes/" + inbox + "/messages/" + uid + "/content");
    }

    /** Appends a message to the account's INBOX (as delivery would) and returns its UID. */
    public static long appendToInbox(long accountId, byte[] message) {
        return appendTo(accountId, "INBOX", message);
    }

    /** Appends a message to the account's mailbox of that name and returns its UID. */
    public static long appendTo(long accountId, String mailbox, byte[] message) {
        String answer = new String(send(HttpRequest.newBuilder(URI.create(MailboxServiceProcess.url() + "/api/v1/accounts/" + accountId
                        + "/mailboxes/" + mailboxId(accountId, mailbox) + "/messages")).header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)), 201), java.nio.charset.StandardCharsets.UTF_8);
        return number(answer, "uid");
    }

    /**
     * Waits until a message containing {@code marker} is in the account's INBOX and returns it.
     * Looking for the message itself, not a count, keeps tests right while other messages for the
     * same user are still being filed.
     */
    public static byte[] awaitMessageContaining(long accountId, String marker) {
        return awaitMessageContaining(accountId, "INBOX", marker);
    }

    /** The same for another mailbox of the account (Junk, say). */
    public static byte[] awaitMessageContaining(long accountId, String mailbox, String marker) {
        byte[] needle = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long inbox = mailboxId(accountId, mailbox);
        return org.awaitility.Awaitility.await("a message containing '" + marker + "' in " + mailbox + " of account " + accountId)
                .atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> newestContaining(accountId, inbox, needle), java.util.Objects::nonNull);
    }

    /** The newest of the last 20 messages of a mailbox that contains {@code needle}, or null. */
    private static byte[] newestContaining(long accountId, long mailboxId, byte[] needle) {
        java.util.List<Long> uids = uids(accountId, mailboxId);
        for (int i = uids.size() - 1; i >= Math.max(0, uids.size() - 20); i--) {
            byte[] message = bytes("/api/v1/accounts/" + accountId + "/mailboxes/" + mailboxId + "/messages/" + uids.get(i) + "/content");
            if (indexOf(message, needle) >= 0) {
                return message;
            }
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The password of every account {@link #createAccount} and {@link #freshAccount} make. */
    public static final String ACCOUNT_PASSWORD = MailboxServiceProcess.PASSWORD + "-long";

    /** An account a test made: its id and address (in {@link MailboxServiceProcess#DOMAIN}). */
    public record TestAccount(long id, String address) {
    }

    /** A new account of its own (local part: prefix and a random suffix), with these messages in its INBOX. */
    public static TestAccount freshAccount(String prefix, String... messages) {
        String local = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        long id = createAccount(local);
        for (String message : messages) {
            appendToInbox(id, message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new TestAccount(id, local + "@" + MailboxServiceProcess.DOMAIN);
    }

    /** A new account in example.test with the password {@link #ACCOUNT_PASSWORD}, made through the admin API; returns its id. */
    public static long createAccount(String localPart) {
        String body = "{\"address\":\"" + localPart + "@" + MailboxServiceProcess.DOMAIN + "\",\"password\":\"" + ACCOUNT_PASSWORD + "\"}";
        return number(adminPost("/accounts", body), "id");
    }

    /** Gives an account another address (an alias in example.test) through the admin API; answers the address. */
    public static String addAlias(long accountId, String localPart) {
        String address = localPart + "@" + MailboxServiceProcess.DOMAIN;
        adminPost("/aliases", "{\"address\":\"" + address + "\",\"accountId\":" + accountId + "}");
        return address;
    }

    /** A POST to the admin API that must create (201); answers the body. */
    private static String adminPost(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(MailboxServiceProcess.url() + "/api/v1/admin" + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + MailboxServiceProcess.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException(path + " " + json + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sets an account's quota through the admin API (tests of a full mailbox). */
    public static void setQuota(long accountId, long quotaBytes) {
        adminPut("/accounts/" + accountId + "/quota", "{\"quotaBytes\":" + quotaBytes + "}");
    }

    /** Changes an account's password through the admin API. */
    public static void setPassword(long accountId, String password) {
        adminPut("/accounts/" + accountId + "/password", "{\"password\":\"" + password + "\"}");
    }

    /** Disables (or enables again) an account's logins through the admin API. */
    public static void setDisabled(long accountId, boolean disabled) {
        adminPut("/accounts/" + accountId + "/status", "{\"disabled\":" + disabled + "}");
    }

    private static void adminPut(String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(MailboxServiceProcess.url() + "/api/v1/admin" + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + MailboxServiceProcess.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of one counter of mailbox-service's Prometheus metrics (0 when absent). */
    public static double metric(String name, String labels) {
        String text = new String(send(HttpRequest.newBuilder(URI.create(MailboxServiceProcess.url() + "/q/metrics")).GET()),
                java.nio.charset.StandardCharsets.UTF_8);
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && java.util.Arrays.stream(labels.split(",")).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** UIDs in the account's INBOX, ascending. */
    public static java.util.List<Long> inboxUids(long accountId) {
        return uids(accountId, inboxId(accountId));
    }

    private static java.util.List<Long> uids(long accountId, long mailboxId) {
        String listing = get("/api/v1/accounts/" + accountId + "/mailboxes/" + mailboxId + "/messages");
        java.util.List<Long> uids = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("\"uid\":(\\d+)").matcher(listing);
        while (m.find()) {
            uids.add(Long.parseLong(m.group(1)));
        }
        return uids;
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static String get(String path) {
        return new String(bytes(path), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String path) {
        return send(HttpRequest.newBuilder(URI.create(MailboxServiceProcess.url() + path)).GET());
    }

    private static String post(String path, String json) {
        return new String(send(HttpRequest.newBuilder(URI.create(MailboxServiceProcess.url() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] send(HttpRequest.Builder request) {
        return send(request, 200);
    }

    private static byte[] send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.header("Authorization", "Bearer " + MailboxServiceProcess.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(response.uri() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
