package edu.hamburger.mail.mailbox.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An account's address book: added, renamed, removed, checked, and seen by no other account. */
@QuarkusTest
class ContactApiTest {

    @Test
    void contactsAreAddedRenamedAndRemovedAndBelongToOneAccount() {
        long carol = TestAccounts.create("contacts", 1L << 30);
        long dave = TestAccounts.create("contacts-other", 1L << 30);
        save(carol, "Kim@Far.Test", "  김 민지 ").then().statusCode(200).body("name", equalTo("김 민지")).body("address", equalTo("Kim@Far.Test"));
        save(carol, "ann@far.test", "Ann").then().statusCode(200);
        save(carol, "kim@far.test", "Minji Kim").then().statusCode(200); // the same address: renamed, not added
        list(carol).then().statusCode(200).body("name", contains("Ann", "Minji Kim")).body("address", contains("ann@far.test", "kim@far.test"));
        list(dave).then().statusCode(200).body("", empty());
        TestAccounts.api().delete("/api/v1/accounts/" + dave + "/contacts/ann@far.test").then().statusCode(404);

        TestAccounts.api().delete("/api/v1/accounts/" + carol + "/contacts/ANN@far.test").then().statusCode(204);
        list(carol).then().body("address", contains("kim@far.test"));
    }

    @Test
    void unreadableAddressesAndNamesAreRefused() {
        long carol = TestAccounts.create("contacts-bad", 1L << 30);
        save(carol, "not an address", "X").then().statusCode(400).body("message", containsString("not an address"));
        save(carol, "a@[192.0.2.1]", "X").then().statusCode(400);
        save(carol, "kim@far.test", "Kim\r\nBcc: x@y.test").then().statusCode(400).body("message", containsString("one line"));
        save(carol, "kim@far.test", "k".repeat(201)).then().statusCode(400);
        list(carol).then().body("", empty());
    }

    private static Response list(long account) {
        return TestAccounts.api().get("/api/v1/accounts/" + account + "/contacts");
    }

    private static Response save(long account, String address, String name) {
        return TestAccounts.api().contentType(ContentType.JSON).body(Map.of("name", name))
                .put("/api/v1/accounts/" + account + "/contacts/" + address);
    }
}
