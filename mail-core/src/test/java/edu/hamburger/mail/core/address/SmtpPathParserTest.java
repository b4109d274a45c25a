package edu.hamburger.mail.core.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpPathParserTest {

    /** MAIL FROM arguments that must parse: argument, local part, domain ("" for <>), parameters. */
    static Stream<Arguments> validReversePaths() {
        return Stream.of(
                Arguments.of("<alice@crepes.fr>", "alice", "crepes.fr", Map.of()),
                Arguments.of(" alice@crepes.fr", "alice", "crepes.fr", Map.of()),           // the seed's lenient form
                Arguments.of("alice@crepes.fr", "alice", "crepes.fr", Map.of()),
                Arguments.of("  <alice@crepes.fr>", "alice", "crepes.fr", Map.of()),
                Arguments.of("<>", "", "", Map.of()),
                Arguments.of("<> SIZE=1000", "", "", Map.of("SIZE", "1000")),
                Arguments.of("<alice@crepes.fr> SIZE=1000 BODY=8BITMIME", "alice", "crepes.fr",
                        Map.of("SIZE", "1000", "BODY", "8BITMIME")),
                Arguments.of("alice@crepes.fr SIZE=1000", "alice", "crepes.fr", Map.of("SIZE", "1000")),
                Arguments.of("<alice@crepes.fr> smtputf8", "alice", "crepes.fr", Map.of("SMTPUTF8", "")),
                Arguments.of("<alice@crepes.fr> RET=HDRS ENVID=QQ314159", "alice", "crepes.fr",
                        Map.of("RET", "HDRS", "ENVID", "QQ314159")),
                Arguments.of("<alice@crepes.fr>  ", "alice", "crepes.fr", Map.of()),
                Arguments.of("<\"john doe\"@crepes.fr>", "john doe", "crepes.fr", Map.of()),
                Arguments.of("<\"a\\\"b\\\\c\"@crepes.fr>", "a\"b\\c", "crepes.fr", Map.of()),
                Arguments.of("<\"\"@crepes.fr>", "", "crepes.fr", Map.of()),
                Arguments.of("<first.last+tag@sub.crepes.fr>", "first.last+tag", "sub.crepes.fr", Map.of()),
                Arguments.of("<!#$%&'*+-/=?^_`{|}~@crepes.fr>", "!#$%&'*+-/=?^_`{|}~", "crepes.fr", Map.of()),
                Arguments.of("<alice@[192.0.2.1]>", "alice", "[192.0.2.1]", Map.of()),
                Arguments.of("<alice@[IPv6:2001:db8::1]>", "alice", "[IPv6:2001:db8::1]", Map.of()),
                Arguments.of("<alice@[IPv6:::ffff:192.0.2.1]>", "alice", "[IPv6:::ffff:192.0.2.1]", Map.of()),
                Arguments.of("<alice@[IPv6:1:2:3:4:5:6:7:8]>", "alice", "[IPv6:1:2:3:4:5:6:7:8]", Map.of()),
                Arguments.of("<alice@[x-tag:abc]>", "alice", "[x-tag:abc]", Map.of()),
                Arguments.of("<@relay.example,@other.example:alice@crepes.fr>", "alice", "crepes.fr", Map.of()),
                Arguments.of("<앨리스@크레페.fr> SMTPUTF8", "앨리스", "크레페.fr", Map.of("SMTPUTF8", "")),
                Arguments.of("<josé@café.example>", "josé", "café.example", Map.of()),
                Arguments.of("<\"김 철수\"@한국.kr>", "김 철수", "한국.kr", Map.of()),
                Arguments.of("<a@b> X-UTF8=값", "a", "b", Map.of("X-UTF8", "값")),
                Arguments.of("<A-1@x-1.y2.Z>", "A-1", "x-1.y2.Z", Map.of()),
                Arguments.of("<alice@crepes.fr>\tSIZE=5", "alice", "crepes.fr", Map.of("SIZE", "5")));
    }

    @ParameterizedTest(name = "MAIL FROM:{0}")
    @MethodSource("validReversePaths")
    void parsesValidReversePaths(String argument, String local, String domain, Map<String, String> parameters) {
        PathArgument parsed = SmtpPathParser.parseReversePath(argument);
        if (domain.isEmpty()) {
            assertTrue(parsed.path().isNull());
        } else {
            assertEquals(local, parsed.path().mailbox().localPart());
            assertEquals(domain, parsed.path().mailbox().domain());
        }
        assertEquals(parameters, parsed.parameters());
    }

    /** Arguments that must be refused, and a word the error must contain. */
    static Stream<Arguments> invalidReversePaths() {
        return Stream.of(
                Arguments.of("", "missing path"),
                Arguments.of("   ", "missing path"),
                Arguments.of("<alice>", "@domain"),
                Arguments.of("<alice@>", "missing domain"),
                Arguments.of("<@crepes.fr>", "expected ':'"),
                Arguments.of("<alice@crepes.fr", "expected '>'"),
                Arguments.of("alice@crepes.fr>", "unexpected character"),
                Arguments.of("<alice@crepes.fr>>", "unexpected text"),
                Arguments.of("<alice@crepes.fr>SIZE=5", "unexpected text"),
                Arguments.of("<a..b@crepes.fr>", "empty atom"),
                Arguments.of("<.a@crepes.fr>", "empty local part"),
                Arguments.of("<a.@crepes.fr>", "empty atom"),
                Arguments.of("<alice@crepes..fr>", "empty label"),
                Arguments.of("<alice@crepes.fr.>", "empty label"),
                Arguments.of("<alice@-crepes.fr>", "'-'"),
                Arguments.of("<alice@crepes-.fr>", "'-'"),
                Arguments.of("<alice@cr_epes.fr>", "expected '>'"),
                Arguments.of("<al ice@crepes.fr>", "unexpected character in local part"),
                Arguments.of("<al(ice@crepes.fr>", "unexpected character in local part"),
                Arguments.of("<\"unterminated@crepes.fr>", "unterminated"),
                Arguments.of("<\"bad\u0001\"@crepes.fr>", "quoted"),
                Arguments.of("<\"a\\\u0007\"@crepes.fr>", "quoted pair"),
                Arguments.of("<alice@[192.0.2.256]>", "IPv4"),
                Arguments.of("<alice@[192.0.2]>", "IPv4"),
                Arguments.of("<alice@[IPv6:2001:db8::1::2]>", "IPv6"),
                Arguments.of("<alice@[IPv6:1:2:3:4:5:6:7:8:9]>", "IPv6"),
                Arguments.of("<alice@[IPv6:12345::1]>", "IPv6"),
                Arguments.of("<alice@[192.0.2.1>", "unterminated"),
                Arguments.of("<alice@[]>", "address literal"),
                Arguments.of("<" + "a".repeat(65) + "@crepes.fr>", "local part longer"),
                Arguments.of("<alice@" + "a".repeat(64) + ".fr>", "label longer"),
                Arguments.of("<" + "a".repeat(60) + "@" + ("b".repeat(60) + ".").repeat(5) + "fr>", "domain longer"),
                Arguments.of("<alice@crepes.fr> =5", "keyword"),
                Arguments.of("<alice@crepes.fr> -X=5", "keyword"),
                Arguments.of("<alice@crepes.fr> SIZE=", "empty value"),
                Arguments.of("<alice@crepes.fr> SIZE=1=2", "bad character"),
                Arguments.of("<alice@crepes.fr> SIZE=1 size=2", "twice"),
                Arguments.of("<alice@crepes.fr> A=\u0001", "empty value"),
                Arguments.of("<alice\u0085@crepes.fr>", "local part"),
                Arguments.of("<alice\u200b@crepes.fr>", "local part"),
                Arguments.of("<" + "x".repeat(3000) + "@crepes.fr>", "too long"));
    }

    @ParameterizedTest(name = "MAIL FROM:{0} is refused")
    @MethodSource("invalidReversePaths")
    void refusesInvalidReversePaths(String argument, String reason) {
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class, () -> SmtpPathParser.parseReversePath(argument));
        assertTrue(e.getMessage().contains(reason), () -> "'" + e.getMessage() + "' should mention '" + reason + "'");
    }

    @Test
    void forwardPathRefusesTheNullPathButAcceptsPostmaster() {
        assertThrows(AddressSyntaxException.class, () -> SmtpPathParser.parseForwardPath("<>"));
        PathArgument postmaster = SmtpPathParser.parseForwardPath("<postMaster>");
        assertEquals(SmtpPath.POSTMASTER, postmaster.path());
        assertEquals("<Postmaster>", postmaster.path().toString());
        PathArgument withDomain = SmtpPathParser.parseForwardPath("<Postmaster@hamburger.edu>");
        assertEquals("hamburger.edu", withDomain.path().mailbox().domain());
        assertThrows(AddressSyntaxException.class, () -> SmtpPathParser.parseReversePath("<Postmaster>"));
    }

    @Test
    void forwardPathTakesDsnParameters() {
        PathArgument rcpt = SmtpPathParser.parseForwardPath(" bob@hamburger.edu NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@hamburger.edu");
        assertFalse(rcpt.bracketed());
        assertEquals("bob@hamburger.edu", rcpt.path().mailbox().toString());
        assertEquals("SUCCESS,FAILURE", rcpt.parameter("notify"));
        assertEquals("rfc822;bob@hamburger.edu", rcpt.parameter("ORCPT"));
        assertNull(rcpt.parameter("RET"));
    }

    @Test
    void pathLongerThan256OctetsIsRefused() {
        // 64 + 1 + 190 = 255 octets of mailbox, plus brackets = 257
        String domain = "d".repeat(63) + "." + "d".repeat(63) + "." + "d".repeat(62);
        String local = "l".repeat(64);
        AddressSyntaxException e = assertThrows(AddressSyntaxException.class,
                () -> SmtpPathParser.parseReversePath("<" + local + "@" + domain + ">"));
        assertTrue(e.getMessage().contains("path longer"), e.getMessage());
    }

    @Test
    void mailboxWritesItselfBackInWireForm() {
        assertEquals("\"john doe\"@crepes.fr", MailAddress.parse("\"john doe\"@crepes.fr").toString());
        assertEquals("alice@crepes.fr", MailAddress.parse("\"alice\"@crepes.fr").toString());
        assertEquals("\"a\\\"b\"@x.org", new MailAddress("a\"b", "x.org").toString());
        assertEquals("<>", SmtpPath.NULL.toString());
    }

    @Test
    void domainKeyIsLowerCaseAsciiForLookups() {
        assertEquals("hamburger.edu", MailAddress.parse("Bob@HAMBURGER.Edu").domainKey());
        assertEquals("xn--3e0b707e.kr", MailAddress.parse("김@한국.kr").domainKey());
        assertFalse(MailAddress.parse("김@한국.kr").isAscii());
        assertTrue(MailAddress.parse("bob@hamburger.edu").isAscii());
        assertTrue(MailAddress.parse("bob@[192.0.2.1]").isAddressLiteral());
    }

    @Test
    void bareMailboxRefusesTrailingText() {
        assertThrows(AddressSyntaxException.class, () -> MailAddress.parse("bob@hamburger.edu SIZE=1"));
        assertThrows(AddressSyntaxException.class, () -> MailAddress.parse("<bob@hamburger.edu>"));
    }
}
