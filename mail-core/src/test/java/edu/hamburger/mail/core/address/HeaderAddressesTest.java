package edu.hamburger.mail.core.address;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderAddressesTest {

    @Test
    void takesTheAddrSpecOfEveryMailboxAndGroupMember() {
        assertEquals(List.of("alice@crepes.fr"), HeaderAddresses.addrSpecs("alice@crepes.fr"));
        assertEquals(List.of("alice@crepes.fr"), HeaderAddresses.addrSpecs("\"Alice, Chef\" <alice@crepes.fr>"));
        assertEquals(List.of("alice@crepes.fr", "bob@hamburger.edu"),
                HeaderAddresses.addrSpecs("Alice <alice@crepes.fr> (the chef), bob@hamburger.edu (Bob)"));
        assertEquals(List.of("a@x.test", "b@x.test"), HeaderAddresses.addrSpecs("Friends: a@x.test, <b@x.test>;"));
        assertEquals(List.of("\"john doe\"@x.test"), HeaderAddresses.addrSpecs("\"john doe\"@x.test"));
        assertEquals(List.of("m@x.test"), HeaderAddresses.addrSpecs("=?utf-8?q?M=C3=BCller?= <m@x.test>"));
        assertEquals(List.of(), HeaderAddresses.addrSpecs("undisclosed-recipients:;"));
        assertEquals(List.of("Aliceatcrepes.fr"), HeaderAddresses.addrSpecs("Alice at crepes.fr"), "no address: fails MailAddress.parse later");
    }
}
