package edu.hamburger.mail.webmail;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.client.MailboxLookups;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import edu.hamburger.mail.webmail.session.WebSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The webmail's HTTP API against the real mailbox-service, smtp-gateway, Kafka and PostgreSQL:
 * sessions, CSRF, bearer tokens, throttling, folders, sending through submission (and the Sent
 * copy), reading, attachments, replies, drafts, organising, search, live events, isolation.
 */
@QuarkusTest
@QuarkusTestResource(value = WebmailStack.class, restrictToAnnotatedClass = true)
class WebmailApiTest {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    @jakarta.inject.Inject
    edu.hamburger.mail.webmail.session.SessionSealer sealer;

    // ---- mail client autoconfiguration (served to anyone) ----

    /**
     * The page is never cached and names the scripts and styles by a hash of their content, which
     * may then be kept for a year: an upgrade reaches users at once, and nothing is fetched twice.
     */
    @Test
    void theClientsAssetsHaveContentVersionedNamesAndOnlyThePageIsRevalidated() {
        for (String page : List.of("/", "/index.html")) {
            given().get(page).then().statusCode(200).header("Cache-Control", "no-cache")
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .contentType(containsString("text/html"));
        }
        String html = given().get("/").then().extract().asString();
        var script = java.util.regex.Pattern.compile("src=\"/assets/([0-9a-f]{16})/app\\.js\"").matcher(html);
        assertTrue(script.find(), html);
        String version = script.group(1);
        assertTrue(html.contains("href=\"/assets/" + version + "/app.css\""), html);
        for (String file : List.of("app.js", "messages.js", "app.css")) {
            given().get("/assets/" + version + "/" + file).then().statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .contentType(containsString(file.endsWith(".js") ? "javascript" : "text/css"));
            // asked for under another release's version: today's file, not kept
            given().get("/assets/0000000000000000/" + file).then().statusCode(200).header("Cache-Control", "no-cache");
        }
        // the module app.js imports comes from the same versioned place
        assertTrue(given().get("/assets/" + version + "/app.js").asString().contains("from './messages.js'"));
        // nothing else of the class path is reachable through it, and the old names are gone
        for (String path : List.of("/assets/" + version + "/index.html", "/assets/" + version + "/..%2Fapplication.properties",
                "/assets/" + version + "/application.properties", "/app.js", "/messages.js")) {
            given().get(path).then().statusCode(404);
        }
        given().get("/favicon.ico").then().statusCode(200).contentType(containsString("image/"));
        given().get("/favicon.svg").then().statusCode(200).body(containsString("<svg"));
        assertTrue(html.contains("favicon.svg"));
    }

    @Test
    void mailClientsFindTheServersThroughAutoconfigAndAutodiscover() throws Exception {
        String domain = edu.hamburger.mail.mailbox.client.MailboxServiceProcess.DOMAIN;
        for (String path : List.of("/.well-known/autoconfig/mail/config-v1.1.xml", "/mail/config-v1.1.xml")) {
            var config = given().queryParam("emailaddress", "bob@" + domain).get(path);
            config.then().statusCode(200).contentType(containsString("application/xml"));
            var document = edu.hamburger.mail.webmail.wellknown.ClientSetupDocumentsTest.parse(config.asString());
            assertEquals(domain, document.getElementsByTagName("domain").item(0).getTextContent());
            assertEquals("mail." + domain, document.getElementsByTagName("hostname").item(0).getTextContent());
        }
        given().queryParam("emailaddress", "bob@elsewhere.example").get("/mail/config-v1.1.xml").then().statusCode(404);
        given().get("/mail/config-v1.1.xml").then().statusCode(200);

        String request = "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\"><Request>"
                + "<EMailAddress>bob@" + domain + "</EMailAddress></Request></Autodiscover>";
        for (String path : List.of("/autodiscover/autodiscover.xml", "/Autodiscover/Autodiscover.xml")) {
            var answer = given().contentType("text/xml").body(request).post(path);
            answer.then().statusCode(200).contentType(containsString("application/xml"));
            assertTrue(answer.asString().contains("<LoginName>bob@" + domain + "</LoginName>"), answer.asString());
        }
        given().contentType("text/xml").body(request.replace(domain, "elsewhere.example")).post("/autodiscover/autodiscover.xml")
                .then().statusCode(404);
        given().contentType("text/xml").body("<Autodiscover/>").post("/autodiscover/autodiscover.xml").then().statusCode(400);
        given().contentType("text/xml").body("x".repeat(9000)).post("/autodiscover/autodiscover.xml").then().statusCode(413);
        // the Apple profile is the signed-in user's own, and only for a signed-in user
        given().get("/api/v1/client-setup/apple.mobileconfig").then().statusCode(401);
        WebUser user = WebUser.fresh("apple");
        var profile = user.request().get("/api/v1/client-setup/apple.mobileconfig");
        profile.then().statusCode(200).contentType(containsString("application/x-apple-aspen-config"))
                .header("Content-Disposition", containsString(".mobileconfig"));
        var settings = edu.hamburger.mail.webmail.wellknown.ClientSetupDocumentsTest.plist(profile.asString());
        assertEquals(user.address, settings.get("PayloadContent.0.EmailAddress"));
        assertEquals("mail." + domain, settings.get("PayloadContent.0.IncomingMailServerHostName"));
        // the web client is still what / serves
        given().get("/").then().statusCode(200).contentType(containsString("text/html"));
    }

    // ---- the MTA-STS policy (the webmail is the platform's HTTPS face) ----

    /** Served to anyone, and the id in mailbox-service's _mta-sts record is this very text's. */
    @Test
    void theMtaStsPolicyIsServedAndMatchesTheDnsRecordOperatorsPublish() throws Exception {
        var answer = given().get("/.well-known/mta-sts.txt");
        answer.then().statusCode(200).contentType(containsString("text/plain"));
        edu.hamburger.mail.auth.MtaStsPolicy policy = edu.hamburger.mail.auth.MtaStsPolicy.parse(answer.asString());
        assertEquals("enforce", policy.mode());
        assertEquals(java.util.List.of("mail." + edu.hamburger.mail.mailbox.client.MailboxServiceProcess.DOMAIN), policy.mxHosts());
        var records = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        edu.hamburger.mail.mailbox.client.MailboxServiceProcess.url() + "/api/v1/admin/domains/"
                                + edu.hamburger.mail.mailbox.client.MailboxServiceProcess.DOMAIN + "/dns-records"))
                .header("Authorization", "Bearer " + edu.hamburger.mail.mailbox.client.MailboxServiceProcess.ADMIN_TOKEN).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(records.body().contains("\"v=STSv1; id=" + policy.id() + "\""), records.body());
    }

    // ---- sessions ----

    @Test
    void loginSetsAHardenedCookieAndWrongPasswordsAreRefused() {
        WebUser user = WebUser.fresh("cookie");
        var login = given().contentType(ContentType.JSON).body(Map.of("username", user.address, "password", user.password))
                .post("/api/v1/session");
        login.then().statusCode(200).body("address", equalTo(user.address)).body("csrfToken", notNullValue());
        String setCookie = login.getHeader("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Secure"), setCookie);

        given().contentType(ContentType.JSON).body(Map.of("username", user.address, "password", "wrong"))
                .post("/api/v1/session").then().statusCode(401).body("message", containsString("wrong"));
        given().get("/api/v1/folders").then().statusCode(401);
        given().cookie("mail_session", altered(user.cookie)).get("/api/v1/folders").then().statusCode(401);
    }

    /**
     * The cookie with one sealed byte flipped. Rewriting its last characters instead is not always a change: the
     * final base64 character carries bits the decoder ignores, and the two may already be the ones written.
     */
    private static String altered(String cookie) {
        byte[] sealed = java.util.Base64.getUrlDecoder().decode(cookie);
        sealed[sealed.length / 2] ^= 0x01;
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    @Test
    void changesWithTheCookieNeedTheCsrfToken() {
        WebUser user = WebUser.fresh("csrf");
        given().cookie("mail_session", user.cookie).contentType(ContentType.JSON).body(Map.of("name", "Projects"))
                .post("/api/v1/folders").then().statusCode(403);
        given().cookie("mail_session", user.cookie).header("X-CSRF-Token", "not-the-token").contentType(ContentType.JSON)
                .body(Map.of("name", "Projects")).post("/api/v1/folders").then().statusCode(403);
        user.request().contentType(ContentType.JSON).body(Map.of("name", "Projects")).post("/api/v1/folders").then().statusCode(201);
        // reading needs no token
        given().cookie("mail_session", user.cookie).get("/api/v1/folders").then().statusCode(200).body("name", hasItem("Projects"));
    }

    @Test
    void logoutEndsTheSession() {
        WebUser user = WebUser.fresh("logout");
        user.request().delete("/api/v1/session").then().statusCode(204).header("Set-Cookie", containsString("Max-Age=0"));
        user.request().get("/api/v1/folders").then().statusCode(401);
    }

    @Test
    void aPasswordChangeOrADisableEndsEverySessionAtOnceAndNoSessionHoldsThePassword() {
        WebUser user = WebUser.fresh("ended");
        WebSession sealed = sealer.unseal(user.cookie).orElseThrow();
        assertTrue(!sealed.serverKey().contains(user.password), "the session names its server record, it holds no password");
        String token = given().contentType(ContentType.JSON).body(Map.of("username", user.address, "password", user.password))
                .post("/api/v1/tokens").then().statusCode(200).extract().path("token");
        MailboxLookups.setPassword(user.accountId, "changed elsewhere");
        user.request().get("/api/v1/folders").then().statusCode(401);
        given().auth().oauth2(token).get("/api/v1/folders").then().statusCode(401);

        WebUser again = WebUser.signIn(user.address, "changed elsewhere", user.accountId);
        again.request().get("/api/v1/folders").then().statusCode(200);
        MailboxLookups.setDisabled(user.accountId, true);
        again.request().get("/api/v1/folders").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("username", user.address, "password", "changed elsewhere"))
                .post("/api/v1/session").then().statusCode(401);
        MailboxLookups.setDisabled(user.accountId, false);
        again.request().get("/api/v1/folders").then().statusCode(401); // enabled again, the old session stays ended
    }

    @Test
    void bearerTokensServeApiClientsWithoutCookies() {
        WebUser user = WebUser.fresh("bearer");
        String token = given().contentType(ContentType.JSON).body(Map.of("username", user.address, "password", user.password))
                .post("/api/v1/tokens").then().statusCode(200).extract().path("token");
        given().auth().oauth2(token).get("/api/v1/folders").then().statusCode(200).body("role", hasItem("inbox"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "ViaToken"))
                .post("/api/v1/folders").then().statusCode(201);
        // a token is not a cookie and a cookie is not a token
        given().cookie("mail_session", token).get("/api/v1/folders").then().statusCode(401);
        given().auth().oauth2(user.cookie).get("/api/v1/folders").then().statusCode(401);
        given().auth().oauth2(token).delete("/api/v1/tokens/current").then().statusCode(204);
        given().auth().oauth2(token).get("/api/v1/folders").then().statusCode(401);
    }

    @Test
    void failedLoginsBackOffPerRealClientBehindTheTrustedProxy() throws Exception {
        WebUser owner = WebUser.fresh("guessed");
        for (int i = 0; i < 3; i++) {
            given().header("X-Forwarded-For", "198.51.100.7").contentType(ContentType.JSON)
                    .body(Map.of("username", owner.address, "password", "guess" + i))
                    .post("/api/v1/session").then().statusCode(401);
        }
        given().header("X-Forwarded-For", "198.51.100.7").contentType(ContentType.JSON)
                .body(Map.of("username", owner.address, "password", "guess-4"))
                .post("/api/v1/session").then().statusCode(429).header("Retry-After", notNullValue())
                .body("error", equalTo("too_many_logins"));
        // the same proxy (127.0.0.1) forwards the owner from elsewhere: not locked out
        given().header("X-Forwarded-For", "198.51.100.8").contentType(ContentType.JSON)
                .body(Map.of("username", owner.address, "password", owner.password))
                .post("/api/v1/session").then().statusCode(200);
    }

    @Test
    void aNulInTheUserNameIsARequestErrorNotAServerError() {
        given().contentType(ContentType.JSON).body(Map.of("username", "bob\u0000@example.test", "password", "x"))
                .post("/api/v1/session").then().statusCode(400);
    }

    @Test
    void aClientThatIsNoTrustedProxyCannotNameAnotherClient() throws Exception {
        WebUser owner = WebUser.fresh("spoofed");
        String victim = "198.51.100.30";
        // 127.0.0.2 is not in quarkus.http.proxy.trusted-proxies: its X-Forwarded-For must be ignored
        for (int i = 0; i < 4; i++) {
            String body = "{\"username\":\"" + owner.address + "\",\"password\":\"spoof-" + i + "\"}";
            String answer = RawHttp.post("127.0.0.2", io.restassured.RestAssured.port, "/api/v1/session",
                    Map.of("X-Forwarded-For", victim, "Content-Type", "application/json"), body);
            assertTrue(answer.startsWith("HTTP/1.1 401") || answer.startsWith("HTTP/1.1 429"), answer);
        }
        given().header("X-Forwarded-For", victim).contentType(ContentType.JSON)
                .body(Map.of("username", owner.address, "password", "one-typo"))
                .post("/api/v1/session").then().statusCode(401); // the victim's own count was never touched
    }

    // ---- folders ----

    @Test
    void foldersAreListedWithCountsAndCanBeCreatedRenamedAndDeleted() {
        WebUser user = WebUser.fresh("folders");
        user.request().get("/api/v1/folders").then().statusCode(200)
                .body("role", hasItem("inbox")).body("role", hasItem("sent")).body("role", hasItem("drafts")).body("role", hasItem("trash"))
                .body("find { it.role == 'inbox' }.unread", equalTo(0));
        long id = ((Number) user.request().contentType(ContentType.JSON).body(Map.of("name", "Receipts"))
                .post("/api/v1/folders").then().statusCode(201).extract().path("id")).longValue();
        user.request().contentType(ContentType.JSON).body(Map.of("name", "Invoices"))
                .put("/api/v1/folders/" + id).then().statusCode(200).body("name", equalTo("Invoices"));
        user.request().delete("/api/v1/folders/" + id).then().statusCode(204);
        user.request().get("/api/v1/folders").then().body("name", not(hasItem("Invoices")));
        user.request().delete("/api/v1/folders/" + user.folderId("trash")).then().statusCode(409);
        user.request().contentType(ContentType.JSON).body(Map.of("name", "bad\u0000name")).post("/api/v1/folders").then().statusCode(400);
    }

    // ---- sending and reading ----

    @Test
    void aMessageSentWithAttachmentsArrivesByteForByteAndIsFiledInSent() {
        WebUser alice = WebUser.fresh("alice");
        WebUser bob = WebUser.fresh("bob");
        byte[] file = new byte[70_000];
        new java.util.Random(7).nextBytes(file);
        String subject = "회의 자료 " + System.nanoTime();
        String json = """
                {"to": ["Bob Beispiel <%s>"], "bcc": ["%s"], "subject": "%s", "text": "안녕하세요,\\n자료를 보냅니다.\\n"}
                """.formatted(bob.address, alice.address, subject);
        alice.request().config(io.restassured.config.RestAssuredConfig.config()
                        .multiPartConfig(io.restassured.config.MultiPartConfig.multiPartConfig().defaultCharset(StandardCharsets.UTF_8))
                        .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                                .httpMultipartMode(org.apache.http.entity.mime.HttpMultipartMode.BROWSER_COMPATIBLE)))
                .multiPart("message", "message.json", json.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("attachment", "보고서 2026.bin", file, "application/octet-stream")
                .post("/api/v1/messages").then().statusCode(201)
                .body("messageId", notNullValue()).body("sentUid", notNullValue());

        await().atMost(DELIVERY).until(() -> !bob.uidsWithSubject("inbox", subject).isEmpty());
        long uid = bob.uidsWithSubject("inbox", subject).get(0);
        long inbox = bob.folderId("inbox");
        var detail = bob.request().get("/api/v1/folders/" + inbox + "/messages/" + uid).then().statusCode(200)
                .body("message.subject", equalTo(subject))
                .body("message.from[0].address", equalTo(alice.address))
                .body("message.to[0].name", equalTo("Bob Beispiel"))
                .body("message.text", containsString("자료를 보냅니다."))
                .body("message.attachments[0].filename", equalTo("보고서 2026.bin"))
                .body("message.attachments[0].size", equalTo(file.length))
                .extract().jsonPath();
        String part = detail.getString("message.attachments[0].part");
        var download = bob.request().get("/api/v1/folders/" + inbox + "/messages/" + uid + "/parts/" + part);
        download.then().statusCode(200).contentType("application/octet-stream")
                .header("Content-Disposition", containsString("filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C%202026.bin"));
        assertArrayEquals(file, download.asByteArray());

        // the raw message: RFC 2047 subject, RFC 2231 file name, no Bcc in what was sent
        String raw = bob.request().get("/api/v1/folders/" + inbox + "/messages/" + uid + "/raw").then().statusCode(200).extract().asString();
        assertTrue(raw.contains("Subject: =?UTF-8?"), raw.substring(0, 600));
        assertTrue(raw.contains("filename*=UTF-8''"), raw);
        assertFalse(raw.contains("\nBcc:"), "Bcc must not travel");
        assertFalse(raw.replace("\r\n", "").contains("\n"), "only CRLF line ends");

        // the Sent copy keeps Bcc and is read; the Bcc'd sender got it too
        List<Long> sent = alice.uidsWithSubject("sent", subject);
        assertEquals(1, sent.size());
        String sentRaw = alice.request().get("/api/v1/folders/" + alice.folderId("sent") + "/messages/" + sent.get(0) + "/raw").asString();
        assertTrue(sentRaw.contains("Bcc: " + alice.address), sentRaw.substring(0, 800));
        // what Bob got is the Sent copy byte for byte, less the Bcc line, after the gateway's trace headers
        String sentWithoutBcc = sentRaw.replace("Bcc: " + alice.address + "\r\n", "");
        assertTrue(raw.endsWith(sentWithoutBcc), "the Sent copy is what was sent");
        await().atMost(DELIVERY).until(() -> !alice.uidsWithSubject("inbox", subject).isEmpty());
    }

    @Test
    void aMessageIsSentAsAnAliasWithItsNameAndAnswersAreWrittenAsTheAddressTheyWentTo() {
        WebUser alice = WebUser.fresh("identity");
        WebUser bob = WebUser.fresh("identity-peer");
        String press = MailboxLookups.addAlias(alice.accountId, "press-" + alice.address.substring(0, alice.address.indexOf('@')));
        alice.request().get("/api/v1/identities").then().statusCode(200)
                .body("address", contains(alice.address, press)).body("signature", contains("", ""));
        alice.request().contentType(ContentType.JSON).body(Map.of("displayName", "앨리스 Press", "signature", "Alice\nPress office"))
                .put("/api/v1/identities/" + press).then().statusCode(200).body("signature", equalTo("Alice\nPress office"));
        alice.request().contentType(ContentType.JSON).body(Map.of("displayName", "Bob", "signature", ""))
                .put("/api/v1/identities/" + bob.address).then().statusCode(404);
        // reading needs the session; changing needs its CSRF token too
        given().get("/api/v1/identities").then().statusCode(401);
        given().cookie("mail_session", alice.cookie).contentType(ContentType.JSON).body(Map.of("displayName", "x", "signature", ""))
                .put("/api/v1/identities/" + press).then().statusCode(403);

        String subject = "as the press office " + System.nanoTime();
        alice.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of(bob.address), "subject", subject, "text", "Statement attached.", "from", press.toUpperCase()))
                .post("/api/v1/messages").then().statusCode(201);
        await().atMost(DELIVERY).until(() -> !bob.uidsWithSubject("inbox", subject).isEmpty());
        long uid = bob.uidsWithSubject("inbox", subject).get(0);
        bob.request().get("/api/v1/folders/" + bob.folderId("inbox") + "/messages/" + uid).then().statusCode(200)
                .body("message.from[0].address", equalTo(press)).body("message.from[0].name", equalTo("앨리스 Press"));
        String raw = bob.request().get("/api/v1/folders/" + bob.folderId("inbox") + "/messages/" + uid + "/raw").asString();
        assertTrue(raw.startsWith("Return-Path: <" + press + ">\r\n") || raw.startsWith("Return-Path: " + press + "\r\n"),
                "the envelope sender is the alias too: " + raw.substring(0, 200));

        // someone else's address is refused before anything is sent
        alice.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of(bob.address), "subject", subject + " forged", "text", "x", "from", bob.address))
                .post("/api/v1/messages").then().statusCode(400).body("message", containsString("not one of your addresses"));
        assertEquals(List.of(), alice.uidsWithSubject("sent", subject + " forged"));

        // Bob answers to all; Alice's answer is written as the alias it went to, which is not among the recipients
        String answer = "Re: " + subject;
        bob.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of(press), "cc", List.of(alice.address), "subject", answer, "text", "Thanks."))
                .post("/api/v1/messages").then().statusCode(201);
        await().atMost(DELIVERY).until(() -> !alice.uidsWithSubject("inbox", answer).isEmpty());
        long inbox = alice.folderId("inbox");
        alice.request().get("/api/v1/folders/" + inbox + "/messages/" + alice.uidsWithSubject("inbox", answer).get(0) + "/reply?mode=reply-all")
                .then().statusCode(200).body("from", equalTo(press)).body("to", contains(bob.address)).body("cc", empty());
    }

    @Test
    void aRecipientTheServerRefusesIsReportedAndNothingIsSent() {
        WebUser alice = WebUser.fresh("refused");
        alice.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of("nobody-here-" + System.nanoTime() + "@example.test"), "subject", "x", "text", "y"))
                .post("/api/v1/messages").then().statusCode(400).body("message", containsString("5.1.1"));
        alice.request().contentType(ContentType.JSON).body(Map.of("to", List.of("not an address"), "subject", "x", "text", "y"))
                .post("/api/v1/messages").then().statusCode(400);
        alice.request().contentType(ContentType.JSON).body(Map.of("to", List.of(), "subject", "x", "text", "y"))
                .post("/api/v1/messages").then().statusCode(400);
        alice.request().get("/api/v1/folders").then().body("find { it.role == 'sent' }.total", equalTo(0));
    }

    @Test
    void replyAllQuotesAndThreadsAndMarksTheOriginalAnswered() {
        WebUser alice = WebUser.fresh("thread-a");
        WebUser bob = WebUser.fresh("thread-b");
        WebUser carol = WebUser.fresh("thread-c");
        String subject = "Lunch " + System.nanoTime();
        alice.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of(bob.address), "cc", List.of(carol.address), "subject", subject, "text", "Noon?\nAt the usual place."))
                .post("/api/v1/messages").then().statusCode(201);
        await().atMost(DELIVERY).until(() -> !bob.uidsWithSubject("inbox", subject).isEmpty());
        long inbox = bob.folderId("inbox");
        long uid = bob.uidsWithSubject("inbox", subject).get(0);
        var template = bob.request().get("/api/v1/folders/" + inbox + "/messages/" + uid + "/reply?mode=reply-all").then().statusCode(200)
                .body("subject", equalTo("Re: " + subject))
                .body("to", equalTo(List.of(alice.address)))
                .body("cc", equalTo(List.of(carol.address)))
                .body("text", containsString("> Noon?"))
                .body("inReplyTo", notNullValue())
                .extract().jsonPath();
        String originalId = template.getString("inReplyTo");
        Map<String, Object> reply = new java.util.HashMap<>(template.getMap("$"));
        reply.put("text", "Yes!\n" + template.getString("text"));
        bob.request().contentType(ContentType.JSON).body(reply).post("/api/v1/messages").then().statusCode(201);

        await().atMost(DELIVERY).until(() -> !alice.uidsWithSubject("inbox", "Re: " + subject).isEmpty());
        long aliceUid = alice.uidsWithSubject("inbox", "Re: " + subject).get(0);
        alice.request().get("/api/v1/folders/" + alice.folderId("inbox") + "/messages/" + aliceUid).then().statusCode(200)
                .body("message.inReplyTo", equalTo(originalId))
                .body("message.references", hasItem(originalId))
                .body("message.text", containsString("Yes!"));
        await().atMost(DELIVERY).until(() -> !carol.uidsWithSubject("inbox", "Re: " + subject).isEmpty());
        bob.request().get("/api/v1/folders/" + inbox + "/messages").then().body("messages.find { it.uid == " + uid + " }.answered", equalTo(true));

        // forwarding attaches the original whole
        var forward = bob.request().get("/api/v1/folders/" + inbox + "/messages/" + uid + "/reply?mode=forward").then().statusCode(200)
                .body("subject", equalTo("Fwd: " + subject)).extract().jsonPath();
        Map<String, Object> fwd = new java.util.HashMap<>(forward.getMap("$"));
        fwd.put("to", List.of(carol.address));
        bob.request().contentType(ContentType.JSON).body(fwd).post("/api/v1/messages").then().statusCode(201);
        await().atMost(DELIVERY).until(() -> !carol.uidsWithSubject("inbox", "Fwd: " + subject).isEmpty());
        long fwdUid = carol.uidsWithSubject("inbox", "Fwd: " + subject).get(0);
        carol.request().get("/api/v1/folders/" + carol.folderId("inbox") + "/messages/" + fwdUid).then()
                .body("message.attachments[0].contentType", equalTo("message/rfc822"));
    }

    @Test
    void aFullMailboxIsAClear507NotAStoreFailure() {
        WebUser full = WebUser.fresh("fullbox");
        MailboxLookups.setQuota(full.accountId, 10);
        full.request().contentType(ContentType.JSON).body(Map.of("to", List.of(full.address), "subject", "no room", "text", "x".repeat(100)))
                .post("/api/v1/drafts").then().statusCode(507).body("error", equalTo("over_quota"))
                .body("message", org.hamcrest.Matchers.containsString("mailbox is full"));
    }

    @Test
    void draftsAreSavedReplacedAndRemovedWhenSent() {
        WebUser alice = WebUser.fresh("drafter");
        WebUser bob = WebUser.fresh("draftee");
        String subject = "Draft " + System.nanoTime();
        byte[] file = "draft attachment".getBytes(StandardCharsets.UTF_8);
        String json = "{\"to\":[\"" + bob.address + "\"],\"subject\":\"" + subject + "\",\"text\":\"first\"}";
        var saved = alice.request().multiPart("message", "m.json", json.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("attachment", "notes.txt", file, "text/plain")
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
        long drafts = saved.getLong("folderId");
        long first = saved.getLong("uid");
        alice.request().get("/api/v1/folders/" + drafts + "/messages").then().body("messages[0].flags", hasItem("\\Draft"));

        // saved again: the old draft goes, its attachment comes along
        var second = alice.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of(bob.address), "subject", subject, "text", "second", "draft", Map.of("folderId", drafts, "uid", first)))
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
        long secondUid = second.getLong("uid");
        alice.request().get("/api/v1/folders/" + drafts + "/messages").then().body("total", equalTo(1));

        alice.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of(bob.address), "subject", subject, "text", "final", "draft", Map.of("folderId", drafts, "uid", secondUid)))
                .post("/api/v1/messages").then().statusCode(201);
        alice.request().get("/api/v1/folders/" + drafts + "/messages").then().body("total", equalTo(0));
        await().atMost(DELIVERY).until(() -> !bob.uidsWithSubject("inbox", subject).isEmpty());
        long uid = bob.uidsWithSubject("inbox", subject).get(0);
        bob.request().get("/api/v1/folders/" + bob.folderId("inbox") + "/messages/" + uid).then()
                .body("message.text", containsString("final"))
                .body("message.attachments[0].filename", equalTo("notes.txt"));
    }

    // ---- organising, paging, search ----

    @Test
    void messagesAreFlaggedMovedDeletedToTrashAndTrashIsEmptied() {
        WebUser user = WebUser.fresh("organiser");
        for (int i = 0; i < 3; i++) {
            MailboxLookups.appendToInbox(user.accountId, message("Item " + i, "body " + i));
        }
        long inbox = user.folderId("inbox");
        List<Integer> uids = user.request().get("/api/v1/folders/" + inbox + "/messages").then().body("total", equalTo(3))
                .extract().path("messages.uid");
        long first = uids.get(0);
        user.request().contentType(ContentType.JSON).body(Map.of("flagged", true, "seen", true))
                .patch("/api/v1/folders/" + inbox + "/messages/" + first).then().statusCode(200)
                .body("flagged", equalTo(true)).body("seen", equalTo(true));
        long archive = user.folderId("archive");
        user.request().contentType(ContentType.JSON).body(Map.of("uids", List.of(first), "targetFolderId", archive))
                .post("/api/v1/folders/" + inbox + "/messages/move").then().statusCode(200);
        user.request().get("/api/v1/folders/" + archive + "/messages").then().body("total", equalTo(1)).body("messages[0].flagged", equalTo(true));

        long second = uids.get(1);
        user.request().delete("/api/v1/folders/" + inbox + "/messages/" + second).then().statusCode(200);
        long trash = user.folderId("trash");
        user.request().get("/api/v1/folders/" + trash + "/messages").then().body("total", equalTo(1));
        user.request().post("/api/v1/folders/" + trash + "/empty").then().statusCode(204);
        user.request().get("/api/v1/folders/" + trash + "/messages").then().body("total", equalTo(0));
        user.request().post("/api/v1/folders/" + inbox + "/empty").then().statusCode(409);
    }

    @Test
    void theListIsPagedNewestFirstAndSearchable() {
        WebUser user = WebUser.fresh("pager");
        for (int i = 0; i < 7; i++) {
            MailboxLookups.appendToInbox(user.accountId, message("Page item " + i, i == 4 ? "the needle is here" : "hay"));
        }
        long inbox = user.folderId("inbox");
        user.request().get("/api/v1/folders/" + inbox + "/messages?size=3&page=0").then().statusCode(200)
                .body("total", equalTo(7)).body("messages.size()", equalTo(3)).body("messages[0].subject", equalTo("Page item 6"));
        user.request().get("/api/v1/folders/" + inbox + "/messages?size=3&page=2").then()
                .body("messages.size()", equalTo(1)).body("messages[0].subject", equalTo("Page item 0"));
        user.request().get("/api/v1/folders/" + inbox + "/messages?q=needle").then()
                .body("total", equalTo(1)).body("messages[0].subject", equalTo("Page item 4"))
                .body("messages[0].snippet", equalTo("the needle is here"));
        user.request().get("/api/v1/folders/" + inbox + "/messages?size=100000").then().statusCode(400);
    }

    /** A message with these headers (In-Reply-To and References when answering). */
    static byte[] raw(String from, String subject, String date, String messageId, String inReplyTo, String body) {
        return ("From: " + from + "\r\nTo: someone@example.test\r\nSubject: " + subject + "\r\nDate: " + date
                + "\r\nMessage-ID: " + messageId + (inReplyTo == null ? "" : "\r\nIn-Reply-To: " + inReplyTo + "\r\nReferences: " + inReplyTo)
                + "\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> subjects(WebUser user, long folder, String query) {
        return user.request().get("/api/v1/folders/" + folder + "/messages?" + query).then().statusCode(200).extract().path("messages.subject");
    }

    @Test
    void theListSortsByDateSenderSubjectAndSizeAndGroupsConversations() {
        WebUser user = WebUser.fresh("sorter");
        long inbox = user.folderId("inbox");
        String tag = "@" + System.nanoTime() + ".test>";
        MailboxLookups.appendToInbox(user.accountId, raw("Zed <zed@a.test>", "apple", "Mon, 2 Nov 2026 10:00:00 +0000", "<a1" + tag, null, "short"));
        MailboxLookups.appendToInbox(user.accountId, raw("Amy <amy@a.test>", "Re: apple", "Wed, 4 Nov 2026 10:00:00 +0000", "<a2" + tag,
                "<a1" + tag, "x".repeat(5000)));
        MailboxLookups.appendToInbox(user.accountId, raw("Bo <bo@a.test>", "melon", "Tue, 3 Nov 2026 10:00:00 +0000", "<m1" + tag, null,
                "mid".repeat(300)));

        assertEquals(List.of("melon", "Re: apple", "apple"), subjects(user, inbox, "page=0"));
        assertEquals(List.of("apple", "Re: apple", "melon"), subjects(user, inbox, "sort=arrival&order=asc"));
        assertEquals(List.of("Re: apple", "melon", "apple"), subjects(user, inbox, "sort=date"));
        assertEquals(List.of("apple", "melon", "Re: apple"), subjects(user, inbox, "sort=date&order=asc"));
        assertEquals(List.of("Re: apple", "melon", "apple"), subjects(user, inbox, "sort=from"));      // Amy, Bo, Zed
        assertEquals(List.of("apple", "Re: apple", "melon"), subjects(user, inbox, "sort=subject"));   // "Re:" is not part of it
        assertEquals(List.of("Re: apple", "melon", "apple"), subjects(user, inbox, "sort=size"));
        assertEquals(List.of("melon"), subjects(user, inbox, "sort=size&q=mid"));
        user.request().get("/api/v1/folders/" + inbox + "/messages?sort=colour").then().statusCode(400);
        user.request().get("/api/v1/folders/" + inbox + "/messages?sort=size&order=sideways").then().statusCode(400);

        // conversations: the newest first; the apple thread is one, its senders named oldest first
        user.request().get("/api/v1/folders/" + inbox + "/messages/conversations").then().statusCode(200)
                .body("total", equalTo(2))
                .body("conversations[0].latest.subject", equalTo("melon"))
                .body("conversations[0].count", equalTo(1))
                .body("conversations[1].latest.subject", equalTo("Re: apple"))
                .body("conversations[1].count", equalTo(2))
                .body("conversations[1].unread", equalTo(2))
                .body("conversations[1].participants.address", equalTo(List.of("zed@a.test", "amy@a.test")));
        user.request().get("/api/v1/folders/" + inbox + "/messages/conversations?q=short").then()
                .body("total", equalTo(1)).body("conversations[0].latest.subject", equalTo("apple"));
        user.request().get("/api/v1/folders/" + inbox + "/messages/conversations?size=1&page=1").then()
                .body("conversations.size()", equalTo(1)).body("conversations[0].count", equalTo(2));
    }

    @Test
    void severalMessagesAreMarkedAtOnceAndAMoveOrDeleteCanBeUndone() {
        WebUser user = WebUser.fresh("bulk");
        for (int i = 0; i < 3; i++) {
            MailboxLookups.appendToInbox(user.accountId, message("Bulk " + i, "body " + i));
        }
        long inbox = user.folderId("inbox");
        long archive = user.folderId("archive");
        long trash = user.folderId("trash");
        List<Integer> uids = user.request().get("/api/v1/folders/" + inbox + "/messages?sort=arrival&order=asc").then()
                .extract().path("messages.uid");
        user.request().contentType(ContentType.JSON).body(Map.of("uids", uids.subList(0, 2), "seen", true, "flagged", true))
                .post("/api/v1/folders/" + inbox + "/messages/flags").then().statusCode(204);
        user.request().get("/api/v1/folders/" + inbox + "/messages?sort=arrival&order=asc").then()
                .body("messages.seen", equalTo(List.of(true, true, false)))
                .body("messages.flagged", equalTo(List.of(true, true, false)));

        // a move says where the messages went; moving them back from there undoes it, flags and all
        var moved = user.request().contentType(ContentType.JSON).body(Map.of("uids", uids.subList(0, 2), "targetFolderId", archive))
                .post("/api/v1/folders/" + inbox + "/messages/move").then().statusCode(200)
                .body("folderId", equalTo((int) archive)).body("uids.size()", equalTo(2)).extract().jsonPath();
        user.request().get("/api/v1/folders/" + inbox + "/messages").then().body("total", equalTo(1));
        user.request().contentType(ContentType.JSON).body(Map.of("uids", moved.getList("uids"), "targetFolderId", inbox))
                .post("/api/v1/folders/" + archive + "/messages/move").then().statusCode(200).body("folderId", equalTo((int) inbox));
        user.request().get("/api/v1/folders/" + inbox + "/messages?sort=subject").then()
                .body("messages.subject", equalTo(List.of("Bulk 0", "Bulk 1", "Bulk 2")))
                .body("messages.flagged", equalTo(List.of(true, true, false)));

        // delete: to Trash (undoable the same way); in Trash for good, nothing to undo
        var deleted = user.request().contentType(ContentType.JSON).body(Map.of("uids", List.of(uids.get(2))))
                .post("/api/v1/folders/" + inbox + "/messages/delete").then().statusCode(200)
                .body("folderId", equalTo((int) trash)).body("uids.size()", equalTo(1)).extract().jsonPath();
        user.request().contentType(ContentType.JSON).body(Map.of("uids", deleted.getList("uids")))
                .post("/api/v1/folders/" + trash + "/messages/delete").then().statusCode(200)
                .body("folderId", nullValue()).body("uids.size()", equalTo(0));
        user.request().get("/api/v1/folders/" + trash + "/messages").then().body("total", equalTo(0));

        // limits and bad input
        List<Long> tooMany = java.util.stream.LongStream.rangeClosed(1, 1001).boxed().toList();
        user.request().contentType(ContentType.JSON).body(Map.of("uids", tooMany, "seen", true))
                .post("/api/v1/folders/" + inbox + "/messages/flags").then().statusCode(400);
        user.request().contentType(ContentType.JSON).body(Map.of("uids", uids))
                .post("/api/v1/folders/" + inbox + "/messages/flags").then().statusCode(400);
        // another account's folder is not there
        WebUser other = WebUser.fresh("bulk-other");
        other.request().contentType(ContentType.JSON).body(Map.of("uids", uids.subList(0, 1), "seen", false))
                .post("/api/v1/folders/" + inbox + "/messages/flags").then().statusCode(404);
        user.request().get("/api/v1/folders/" + inbox + "/messages?sort=subject").then().body("messages.seen", equalTo(List.of(true, true)));
    }

    @Test
    void addressesAreSuggestedFromSentMailAndSendersMostUsedFirst() {
        WebUser user = WebUser.fresh("contacts");
        for (int i = 0; i < 2; i++) {
            MailboxLookups.appendTo(user.accountId, "Sent", ("From: " + user.address + "\r\nTo: Carol Kim <carol@far.test>\r\n"
                    + "Cc: dan@far.test, " + user.address + "\r\nSubject: plans " + i + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8));
        }
        MailboxLookups.appendToInbox(user.accountId, message("news", "from a sender"));
        List<Map<String, Object>> suggested = user.request().get("/api/v1/addresses").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of("carol@far.test", "dan@far.test", "sender@elsewhere.test"), suggested.stream().map(s -> s.get("address")).toList());
        assertEquals("Carol Kim", suggested.get(0).get("name"));
        assertEquals(List.of(6, 6, 1), suggested.stream().map(s -> s.get("uses")).toList());
        given().get("/api/v1/addresses").then().statusCode(401);

        // the address book comes first, by the name the user gave; the account's aliases are never suggested
        String alias = MailboxLookups.addAlias(user.accountId, "also-" + user.address.substring(0, user.address.indexOf('@')));
        MailboxLookups.appendTo(user.accountId, "Sent", ("From: " + user.address + "\r\nTo: " + alias
                + "\r\nSubject: to myself\r\n\r\nnote\r\n").getBytes(StandardCharsets.UTF_8));
        user.request().contentType(ContentType.JSON).body(Map.of("name", "Seo Yeon")).put("/api/v1/contacts/sender@elsewhere.test")
                .then().statusCode(200);
        user.request().contentType(ContentType.JSON).body(Map.of("name", "Minji")).put("/api/v1/contacts/kim@far.test").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).put("/api/v1/contacts/x@far.test").then().statusCode(401);
        user.request().get("/api/v1/contacts").then().statusCode(200).body("name", contains("Minji", "Seo Yeon"));
        suggested = user.request().get("/api/v1/addresses").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of("sender@elsewhere.test", "kim@far.test", "carol@far.test", "dan@far.test"),
                suggested.stream().map(s -> s.get("address")).toList());
        assertEquals(List.of("Seo Yeon", "Minji", "Carol Kim"), suggested.stream().limit(3).map(s -> s.get("name")).toList());
        assertEquals(List.of(true, true, false, false), suggested.stream().map(s -> s.get("contact")).toList());
        user.request().delete("/api/v1/contacts/kim@far.test").then().statusCode(204);
        user.request().get("/api/v1/contacts").then().body("address", contains("sender@elsewhere.test"));
    }

    // ---- safety ----

    @Test
    void htmlIsServedSanitisedUnderAScriptlessPolicy() {
        WebUser user = WebUser.fresh("html");
        String html = "<p onclick=\"steal()\">Hello <b>there</b></p><script>steal()</script>"
                + "<img src=\"https://tracker.example/pixel.gif\"><a href=\"javascript:steal()\">click</a>"
                + "<svg onload=\"steal()\"></svg><iframe src=\"https://evil.example/\"></iframe>";
        MailboxLookups.appendToInbox(user.accountId, htmlMessage("Sanitise me", html));
        long inbox = user.folderId("inbox");
        long uid = ((Number) user.request().get("/api/v1/folders/" + inbox + "/messages").then().extract().path("messages[0].uid")).longValue();
        String htmlUrl = user.request().get("/api/v1/folders/" + inbox + "/messages/" + uid).then().statusCode(200)
                .body("message.remoteImagesBlocked", equalTo(1)).extract().path("htmlUrl");
        var page = user.request().get(htmlUrl);
        page.then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'none'"))
                .header("Content-Security-Policy", not(containsString("https:")))
                .body(containsString("<b>there</b>"))
                .body(not(containsString("<script"))).body(not(containsString("onclick")))
                .body(not(containsString("javascript:"))).body(not(containsString("<svg")))
                .body(not(containsString("<iframe"))).body(not(containsString("tracker.example")));
        user.request().get(htmlUrl + "?images=true").then()
                .header("Content-Security-Policy", containsString("img-src 'self' data: https:"))
                .body(containsString("tracker.example/pixel.gif"));
    }

    @Test
    void oneUserCannotReachAnotherUsersMessagesByGuessingIds() {
        WebUser alice = WebUser.fresh("victim");
        WebUser mallory = WebUser.fresh("mallory");
        MailboxLookups.appendToInbox(alice.accountId, message("Private", "secret plans"));
        long inbox = alice.folderId("inbox");
        long uid = ((Number) alice.request().get("/api/v1/folders/" + inbox + "/messages").then().extract().path("messages[0].uid")).longValue();
        String message = "/api/v1/folders/" + inbox + "/messages/" + uid;
        mallory.request().get("/api/v1/folders/" + inbox + "/messages").then().statusCode(404);
        mallory.request().get(message).then().statusCode(404);
        mallory.request().get(message + "/raw").then().statusCode(404);
        mallory.request().get(message + "/parts/1").then().statusCode(404);
        mallory.request().get(message + "/body.html").then().statusCode(404);
        mallory.request().get(message + "/reply").then().statusCode(404);
        mallory.request().delete(message).then().statusCode(404);
        mallory.request().contentType(ContentType.JSON).body(Map.of("seen", true)).patch(message).then().statusCode(404);
        mallory.request().contentType(ContentType.JSON).body(Map.of("uids", List.of(uid), "targetFolderId", mallory.folderId("inbox")))
                .post("/api/v1/folders/" + inbox + "/messages/move").then().statusCode(404);
        mallory.request().contentType(ContentType.JSON)
                .body(Map.of("to", List.of(mallory.address), "subject", "fw", "text", "x", "forward", Map.of("folderId", inbox, "uid", uid)))
                .post("/api/v1/messages").then().statusCode(404);
        mallory.request().post("/api/v1/folders/" + inbox + "/empty").then().statusCode(404);
        // and alice's message is untouched
        alice.request().get(message).then().statusCode(200).body("message.text", containsString("secret plans")).body("flags", not(hasItem("\\Seen")));
    }

    // ---- live updates ----

    @Test
    void newMailIsPushedAsServerSentEvents() throws Exception {
        WebUser user = WebUser.fresh("live");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/api/v1/events"))
                .header("Cookie", "mail_session=" + user.cookie).header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        CompletableFuture<String> added = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = events.readLine(); line != null; line = events.readLine()) {
                    if (line.startsWith("data:") && line.contains("messages_added")) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // the stream is open once the first event ("ready") was written; deliver only then
        await().atMost(Duration.ofSeconds(10)).until(() -> response.headers().firstValue("content-type").orElse("").contains("event-stream"));
        long inbox = user.folderId("inbox");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            if (!added.isDone()) {
                MailboxLookups.appendToInbox(user.accountId, message("Live " + System.nanoTime(), "now"));
            }
            return added.isDone();
        });
        String event = added.get(1, TimeUnit.SECONDS);
        assertTrue(event.contains("\"folderId\":" + inbox), event);
        response.body().close();
    }

    @Test
    void theApiIsDescribedInOpenApi() {
        int management = WebmailApiHealthTest.managementPort();
        given().port(management).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/folders/{folderId}/messages/{uid}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/messages"));
        given().port(management).get("/q/swagger-ui/").then().statusCode(200);
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("app.js"));
    }

    static byte[] message(String subject, String body) {
        return ("From: Sender <sender@elsewhere.test>\r\nTo: someone@example.test\r\nSubject: " + subject
                + "\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + System.nanoTime() + "@elsewhere.test>\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] htmlMessage(String subject, String html) {
        return ("From: Sender <sender@elsewhere.test>\r\nTo: someone@example.test\r\nSubject: " + subject
                + "\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + html + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
