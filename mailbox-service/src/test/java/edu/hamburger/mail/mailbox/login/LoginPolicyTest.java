package edu.hamburger.mail.mailbox.login;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.mailbox.TestAccounts;
import edu.hamburger.mail.mailbox.account.Account;
import edu.hamburger.mail.mailbox.account.PasswordHasher;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The login policy through the real API and PostgreSQL, as every gateway meets it. Test profile:
 * back-off after 3 failures of one (account, client), 10 failures per client, 12 per account.
 */
@QuarkusTest
class LoginPolicyTest {

    @Inject
    VerificationSlots slots;

    private static Response login(String user, String password, String client) {
        Map<String, String> body = new HashMap<>();
        body.put("username", user);
        body.put("password", password);
        body.put("clientAddress", client);
        body.put("protocol", "imap");
        return api().contentType(ContentType.JSON).body(body).post("/api/v1/auth");
    }

    private static String[] freshAccount() {
        long id = TestAccounts.create("policy", 1L << 20);
        String address = TestAccounts.address(id);
        return new String[] {address, "pw-" + address.substring(0, address.indexOf('@')), Long.toString(id)};
    }

    /** A documentation prefix per test, so tests never share a client's count. */
    private static String network() {
        return "198.51." + (1 + (int) (Math.random() * 250)) + ".";
    }

    @Test
    void anAttackerBacksOffWhileTheOwnerAtAnotherAddressGetsIn() throws Exception {
        String[] account = freshAccount();
        String net = network();
        String attacker = net + "1";
        for (int i = 0; i < 3; i++) {
            login(account[0], "guess-" + i, attacker).then().statusCode(401).body("error", equalTo("unauthenticated"));
        }
        long hashes = slots.started();
        Response refused = login(account[0], account[1], attacker); // even the right password waits
        refused.then().statusCode(429).body("error", equalTo("try-later"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "first back-off is 2 s: " + retryAfter);
        assertEquals(hashes, slots.started(), "a deferred login computes no hash");

        login(account[0], account[1], net + "2").then().statusCode(200).body("address", equalTo(account[0]));

        Thread.sleep(retryAfter * 1000L + 200);
        login(account[0], "guess-3", attacker).then().statusCode(401);
        refused = login(account[0], account[1], attacker);
        refused.then().statusCode(429);
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 3, "the wait doubles: " + refused.header("Retry-After"));
    }

    @Test
    void aGoodLoginClearsItsOwnCount() throws Exception {
        String[] account = freshAccount();
        String client = network() + "9";
        login(account[0], "typo-1", client).then().statusCode(401);
        login(account[0], "typo-2", client).then().statusCode(401);
        login(account[0], account[1], client).then().statusCode(200);
        login(account[0], "typo-3", client).then().statusCode(401);
        login(account[0], "typo-4", client).then().statusCode(401);
        login(account[0], account[1], client).then().statusCode(200); // two, not four, failures counted
    }

    @Test
    void aClientSprayingManyNamesBacksOffForEveryName() {
        String[] account = freshAccount();
        String net = network();
        String sprayer = net + "66";
        for (int i = 0; i < 10; i++) {
            login("nobody-" + UUID.randomUUID() + "@example.test", "x", sprayer).then().statusCode(401);
        }
        login(account[0], account[1], sprayer).then().statusCode(429).header("Retry-After", startsWith(""));
        login(account[0], account[1], net + "67").then().statusCode(200);
    }

    @Test
    void anAccountAttackedFromEverywhereLosesTheFreeFailuresButNotItsOwner() {
        String[] account = freshAccount();
        String net = network();
        for (int i = 0; i < 12; i++) {
            login(account[0], "spread-" + i, net + (10 + i)).then().statusCode(401);
        }
        String newcomer = net + "100";
        login(account[0], "spread-x", newcomer).then().statusCode(401);
        login(account[0], "spread-y", newcomer).then().statusCode(429); // back-off from the first failure
        login(account[0], account[1], net + "101").then().statusCode(200); // the owner's first try opens
    }

    @Test
    void ipv6ClientsOfOneSlash64ShareACount() {
        String[] account = freshAccount();
        String prefix = "2001:db8:" + Integer.toHexString(1 + (int) (Math.random() * 0xfff0)) + ":7:";
        for (int i = 0; i < 3; i++) {
            login(account[0], "v6-" + i, prefix + ":" + (i + 1)).then().statusCode(401);
        }
        login(account[0], account[1], prefix + "abcd::9").then().statusCode(429);
        login(account[0], account[1], "2001:db8:ffff:1::1").then().statusCode(200);
    }

    @Test
    void aDisabledAccountCannotLogInAndIsEnabledAgain() {
        String[] account = freshAccount();
        String client = network() + "5";
        admin().body(Map.of("disabled", true)).put("/api/v1/admin/accounts/" + account[2] + "/status").then().statusCode(204);
        login(account[0], account[1], client).then().statusCode(401);
        admin().body(Map.of("disabled", false)).put("/api/v1/admin/accounts/" + account[2] + "/status").then().statusCode(204);
        login(account[0], account[1], client).then().statusCode(200);
    }

    @Test
    void aHashOfAnotherCostIsUpgradedAtTheNextGoodLogin() throws Throwable {
        String[] account = freshAccount();
        long id = Long.parseLong(account[2]);
        String old = new PasswordHasher(10).hash(account[1]);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Account.<Account>findById(id)
                .invoke(a -> a.passwordHash = old)));
        login(account[0], account[1], network() + "7").then().statusCode(200);
        String upgraded = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Account.<Account>findById(id)))
                .passwordHash;
        assertTrue(upgraded.startsWith("$2a$11$"), "stored again at the configured cost: " + upgraded.substring(0, 7));
        login(account[0], account[1], network() + "8").then().statusCode(200);
    }

    @Test
    void nulInANameIsARequestErrorNotADatabaseError() {
        login("bob\u0000@example.test", "x", "192.0.2.1").then().statusCode(400).body("error", equalTo("invalid"));
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return io.restassured.RestAssured.given().header("Authorization", "Bearer test-admin-api-token").contentType(ContentType.JSON);
    }
}
