package edu.hamburger.mail.webmail;

import static io.restassured.RestAssured.given;

import edu.hamburger.mail.mailbox.client.MailboxLookups;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** A user signed in to the webmail over HTTP, as a browser is: session cookie plus CSRF token. */
final class WebUser {

    final String address;
    final String password;
    final long accountId;
    final String cookie;
    final String csrf;

    private WebUser(String address, String password, long accountId, String cookie, String csrf) {
        this.address = address;
        this.password = password;
        this.accountId = accountId;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** A new account of its own (so tests do not see each other's mail), signed in. */
    static WebUser fresh(String name) {
        MailboxLookups.TestAccount account = MailboxLookups.freshAccount(name);
        return signIn(account.address(), MailboxLookups.ACCOUNT_PASSWORD, account.id());
    }

    static WebUser signIn(String address, String password, long accountId) {
        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("username", address, "password", password))
                .post("/api/v1/session");
        login.then().statusCode(200);
        return new WebUser(address, password, accountId, login.getCookie("mail_session"), login.jsonPath().getString("csrfToken"));
    }

    /** A request as the browser sends it: cookie, and the CSRF token for changes. */
    RequestSpecification request() {
        return given().cookie("mail_session", cookie).header("X-CSRF-Token", csrf);
    }

    long folderId(String role) {
        List<Map<String, Object>> folders = request().get("/api/v1/folders").then().statusCode(200).extract().jsonPath().getList("$");
        return folders.stream().filter(f -> role.equals(f.get("role"))).map(f -> ((Number) f.get("id")).longValue())
                .findFirst().orElseThrow(() -> new AssertionError("no " + role + " folder"));
    }

    /** The UIDs of a folder's first page whose subject is the given one. */
    List<Long> uidsWithSubject(String role, String subject) {
        List<Map<String, Object>> messages = request().get("/api/v1/folders/" + folderId(role) + "/messages")
                .then().statusCode(200).extract().jsonPath().getList("messages");
        return messages.stream().filter(m -> subject.equals(m.get("subject"))).map(m -> ((Number) m.get("uid")).longValue()).toList();
    }
}
