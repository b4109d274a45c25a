package edu.hamburger.mail.mailbox;

import static io.restassured.RestAssured.given;

import edu.hamburger.mail.mailbox.account.AccountDirectory;
import edu.hamburger.mail.mailbox.account.MailDomain;
import edu.hamburger.mail.mailbox.account.PasswordHasher;
import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Accounts and requests for the API tests: each test makes its own accounts, so tests never share mail. */
public final class TestAccounts {

    public static final String TOKEN = "test-internal-token";

    private TestAccounts() {
    }

    /** The internal API with the service token. */
    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    /** A new account in example.test with the given quota; returns its id. */
    public static long create(String prefix, long quotaBytes) {
        String local = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        PasswordHasher hasher = Arc.container().instance(PasswordHasher.class).get();
        AccountDirectory directory = Arc.container().instance(AccountDirectory.class).get();
        String hash = hasher.hash("pw-" + local);
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> MailDomain.findByName("example.test")
                    .chain(domain -> directory.create(domain, local, hash, quotaBytes)))).id;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public static String address(long accountId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> edu.hamburger.mail.mailbox.account.Account.<edu.hamburger.mail.mailbox.account.Account>findById(accountId)))
                    .address;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of an account's mailbox by name. */
    public static long mailbox(long accountId, String name) {
        return ((Number) api().queryParam("name", name).get("/api/v1/accounts/" + accountId + "/mailboxes/by-name")
                .then().statusCode(200).extract().path("id")).longValue();
    }

    /** A new mailbox with a unique name; returns its id. */
    public static long newMailbox(long accountId) {
        return ((Number) api().contentType(ContentType.JSON).body(Map.of("name", "test-" + UUID.randomUUID()))
                .post("/api/v1/accounts/" + accountId + "/mailboxes").then().statusCode(201).extract().path("id")).longValue();
    }
}
