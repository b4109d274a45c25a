package edu.hamburger.mail.sieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.hamburger.mail.sieve.SieveAction.FileInto;
import edu.hamburger.mail.sieve.SieveAction.Keep;
import edu.hamburger.mail.sieve.SieveAction.Redirect;
import edu.hamburger.mail.sieve.SieveAction.Reject;
import edu.hamburger.mail.sieve.SieveAction.Vacation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scripts run against messages: the actions each RFC's examples say they take. */
class SieveInterpreterTest {

    static final TestMessage LIST_MAIL = TestMessage.of("""
            From: Carol <carol@lists.example.org>
            To: bob+lists@hamburger.edu
            Cc: Dave <dave@example.com>, erin@example.com
            Subject: [ietf] make money fast
            Date: Fri, 04 Dec 2026 23:10:00 +0100
            Message-ID: <m1@example.org>
            X-Priority: 2

            Hello 안녕하세요 world
            """).to("bob+lists@hamburger.edu");

    static SieveOutcome run(String script, SieveMessage message, TestEnvironment environment) throws Exception {
        return SieveInterpreter.run(SieveScript.compile(script, SieveLimits.defaults()), message, environment);
    }

    static List<SieveAction> actions(String script, SieveMessage message) throws Exception {
        SieveOutcome outcome = run(script, message, new TestEnvironment());
        assertEquals(Optional.empty(), outcome.error());
        return outcome.actions();
    }

    @Test
    void anEmptyScriptKeepsAndDiscardCancelsTheImplicitKeep() throws Exception {
        assertEquals(List.of(new Keep(Set.of())), actions("", LIST_MAIL));
        assertEquals(List.of(), actions("discard;", LIST_MAIL));
        assertEquals(List.of(), actions("if true { discard; stop; } keep;", LIST_MAIL), "stop ends the run");
    }

    @Test
    void fileintoCancelsTheImplicitKeepUnlessCopy() throws Exception {
        assertEquals(List.of(new FileInto("Lists", Set.of(), false)),
                actions("require \"fileinto\"; fileinto \"Lists\";", LIST_MAIL));
        assertEquals(List.of(new FileInto("Lists", Set.of(), false), new Keep(Set.of())),
                actions("require [\"fileinto\", \"copy\"]; fileinto :copy \"Lists\";", LIST_MAIL));
        assertEquals(List.of(new FileInto("Lists", Set.of(), true)),
                actions("require [\"fileinto\", \"mailbox\"]; fileinto :create \"Lists\"; fileinto :create \"Lists\";", LIST_MAIL),
                "the same mailbox once");
    }

    @Test
    void headerAddressAndEnvelopeTestsWithMatchTypesAndAddressParts() throws Exception {
        String script = """
                require ["fileinto", "envelope", "subaddress"];
                if envelope :detail "to" "lists" { fileinto "by-detail"; }
                if address :domain :is "From" "LISTS.example.org" { fileinto "by-domain"; }
                if header :matches "Subject" "[ietf]*" { fileinto "by-subject"; }
                if address :localpart :is "Cc" "dave" { fileinto "by-cc"; }
                if envelope :user "to" "bob" { fileinto "by-user"; }
                if header :contains "X-Missing" "" { fileinto "wrong"; }
                if exists ["Subject", "X-Priority"] { fileinto "exists"; }
                if not exists "X-Spam" { fileinto "clean"; }
                if header :is :comparator "i;octet" "Subject" "[IETF] make money fast" { fileinto "wrong"; }
                """;
        List<String> mailboxes = actions(script, LIST_MAIL).stream().map(a -> ((FileInto) a).mailbox()).toList();
        assertEquals(List.of("by-detail", "by-domain", "by-subject", "by-cc", "by-user", "exists", "clean"), mailboxes);
        assertEquals(List.of(new Keep(Set.of())), actions("require \"subaddress\"; require \"envelope\";"
                + "if envelope :detail \"to\" \"\" { discard; }", LIST_MAIL.to("bob@hamburger.edu")),
                "no separator: :detail matches nothing (RFC 5233 §4), not the empty string");
    }

    /** RFC 5232 §6's example, and flags on keep. */
    @Test
    void imap4flagsSetTheFlagsOfEveryStore() throws Exception {
        String script = """
                require ["imap4flags", "fileinto"];
                if header :contains "Subject" "money" {
                    setflag "\\\\Deleted";
                    addflag ["\\\\Seen", "$Junk  Spam"];
                    removeflag "Spam";
                    fileinto "Junk";
                    fileinto :flags "\\\\Flagged" "Important";
                }
                if hasflag :contains "junk" { keep; }
                """;
        List<SieveAction> actions = actions(script, LIST_MAIL);
        assertEquals(new FileInto("Junk", Set.of("\\Deleted", "\\Seen", "$Junk"), false), actions.get(0));
        assertEquals(new FileInto("Important", Set.of("\\Flagged"), false), actions.get(1));
        assertEquals(new Keep(Set.of("\\Deleted", "\\Seen", "$Junk")), actions.get(2));
    }

    /** RFC 5229's examples: set with modifiers, match variables. */
    @Test
    void variablesAndMatchVariables() throws Exception {
        String script = """
                require ["variables", "fileinto"];
                set :upperfirst "b" "hello";
                set :length "len" "${b}";
                set :lower :upperfirst "shout" "WORLD";
                if header :matches "Subject" "[*] *" {
                    fileinto "lists.${1}.${b}${len}.${shout}.${unknown}";
                }
                if string :is "${2}" "make money fast" { fileinto "second"; }
                if address :matches "From" "*@*.example.org" { fileinto "from-${2}"; }
                set :quotewildcard "pattern" "a*b?";
                if string :is "${pattern}" "a\\\\*b\\\\?" { fileinto "quoted"; }
                """;
        List<String> mailboxes = actions(script, LIST_MAIL).stream().map(a -> ((FileInto) a).mailbox()).toList();
        assertEquals(List.of("lists.ietf.Hello5.World.", "second", "from-lists", "quoted"), mailboxes);
    }

    /** RFC 5231: :count and :value with i;ascii-numeric. */
    @Test
    void relationalTests() throws Exception {
        String script = """
                require ["relational", "comparator-i;ascii-numeric", "fileinto"];
                if address :count "ge" :comparator "i;ascii-numeric" ["to", "cc"] "3" { fileinto "three-or-more"; }
                if header :value "lt" :comparator "i;ascii-numeric" "X-Priority" "3" { fileinto "urgent"; }
                if header :value "gt" :comparator "i;ascii-numeric" "X-Missing" "0" { fileinto "wrong"; }
                if header :value "lt" "Subject" "M" { fileinto "before-m"; }
                """;
        List<String> mailboxes = actions(script, LIST_MAIL).stream().map(a -> ((FileInto) a).mailbox()).toList();
        assertEquals(List.of("three-or-more", "urgent", "before-m"), mailboxes);
    }

    @Test
    void bodyFindsKoreanWordsInText() throws Exception {
        assertEquals(List.of(new FileInto("korean", Set.of(), false)), actions("""
                require ["body", "fileinto"];
                if body :contains "안녕" { fileinto "korean"; }
                """, LIST_MAIL));
        assertEquals(List.of(new Keep(Set.of())), actions("""
                require ["body", "fileinto"];
                if body :content "image" :contains "안녕" { fileinto "wrong"; }
                """, LIST_MAIL));
    }

    /** RFC 5173 §5.2: which types a :content name takes in. */
    @Test
    void contentTypeNamesMatchATypeAWholeTypeOrEverything() {
        assertTrue(SieveInterpreter.contentTypeMatches("", "image/png"));
        assertTrue(SieveInterpreter.contentTypeMatches("text", "text/html"));
        assertFalse(SieveInterpreter.contentTypeMatches("text", "texts/html"));
        assertTrue(SieveInterpreter.contentTypeMatches("text/html", "text/html"));
        assertFalse(SieveInterpreter.contentTypeMatches("text/html", "text/plain"));
        assertFalse(SieveInterpreter.contentTypeMatches("/html", "text/html"));
        assertFalse(SieveInterpreter.contentTypeMatches("text/", "text/html"));
        assertFalse(SieveInterpreter.contentTypeMatches("text/html/x", "text/html"));
    }

    @Test
    void bodyContentMatchesEachPartOfANamedTypeOnItsOwn() throws Exception {
        SieveMessage parts = new SieveMessage() {
            public List<String> header(String name) { return List.of(); }
            public List<String> addresses(String name) { return List.of(); }
            public String envelopeFrom() { return "alice@crepes.fr"; }
            public String envelopeTo() { return "bob@hamburger.edu"; }
            public long size() { return 100; }
            public String bodyText() { return "hello unsubscribe"; }
            public String rawBody() { return ""; }
            public List<Content> parts() {
                return List.of(new Content("multipart/alternative", ""), new Content("text/plain", "hello"),
                        new Content("text/html", "<a>unsubscribe</a>"), new Content("application/pdf", "%PDF invoice"));
            }
        };
        String script = """
                require ["body", "fileinto", "relational", "comparator-i;ascii-numeric"];
                if body :content "text/plain" :contains "unsubscribe" { fileinto "wrong-plain"; }
                if body :content "text/html" :contains "unsubscribe" { fileinto "html"; }
                if body :content "application" :contains "invoice" { fileinto "pdf"; }
                if body :content "image" :contains "" { fileinto "wrong-image"; }
                if body :content "text" :count "eq" :comparator "i;ascii-numeric" "2" { fileinto "two-text-parts"; }
                if body :content "text" :is "hello" { fileinto "one-part-whole"; }
                """;
        List<String> mailboxes = actions(script, parts).stream().map(a -> ((FileInto) a).mailbox()).toList();
        assertEquals(List.of("html", "pdf", "two-text-parts", "one-part-whole"), mailboxes);
    }

    /** RFC 5260: the Date field in its own zone and in another; currentdate. */
    @Test
    void dateTests() throws Exception {
        String script = """
                require ["date", "relational", "fileinto"];
                if date :originalzone "date" "date" "2026-12-04" { fileinto "original"; }
                if date :zone "+0900" "date" "date" "2026-12-05" { fileinto "seoul"; }
                if date "date" "hour" "07" { fileinto "local-hour"; }
                if currentdate :value "ge" "date" "2026-12-01" { fileinto "december"; }
                if currentdate :zone "+0000" "weekday" "6" { fileinto "saturday"; }
                if date "date" "julian" "61379" { fileinto "julian"; }
                """;
        List<String> mailboxes = actions(script, LIST_MAIL).stream().map(a -> ((FileInto) a).mailbox()).toList();
        assertEquals(List.of("original", "seoul", "local-hour", "december", "saturday", "julian"), mailboxes);
    }

    @Test
    void redirectsAreCountedAndOnceEach() throws Exception {
        assertEquals(List.of(new Redirect("carol@example.com")),
                actions("redirect \"carol@example.com\"; redirect \"carol@example.com\";", LIST_MAIL));
        assertEquals(List.of(new Redirect("carol@example.com"), new Keep(Set.of())),
                actions("require \"copy\"; redirect :copy \"carol@example.com\";", LIST_MAIL));
        SieveOutcome tooMany = run("redirect \"a@x.org\"; redirect \"b@x.org\"; redirect \"c@x.org\"; redirect \"d@x.org\";"
                + "redirect \"e@x.org\";", LIST_MAIL, new TestEnvironment());
        assertEquals(Optional.of("more than 4 redirects"), tooMany.error());
        assertEquals(List.of(new Keep(Set.of())), tooMany.actions(), "a failed run keeps, and only keeps");
    }

    @Test
    void rejectAndVacationDoNotMix() throws Exception {
        assertEquals(List.of(new Reject("no thanks", false)), actions("require \"reject\"; reject \"no thanks\";", LIST_MAIL));
        assertEquals(List.of(new Reject("no", true)), actions("require \"ereject\"; ereject \"no\";", LIST_MAIL));
        SieveOutcome both = run("require [\"reject\", \"vacation\"]; vacation :addresses \"bob@hamburger.edu\" \"away\"; reject \"no\";",
                TestMessage.of("From: alice@crepes.fr\nTo: bob@hamburger.edu\n\nhi"), new TestEnvironment());
        assertTrue(both.error().orElseThrow().contains("reject after another reject or a vacation"));
        assertEquals(List.of(new Keep(Set.of())), both.actions());
    }

    /** RFC 5230 §4.5 and RFC 3834: who gets an answer, and once per :days. */
    @Test
    void vacationAnswersPeopleOncePerPeriodAndNeverLists() throws Exception {
        String script = """
                require "vacation";
                vacation :days 3 :subject "Away" :addresses "bob@hamburger.edu" "I am away until Monday.";
                """;
        TestEnvironment environment = new TestEnvironment();
        TestMessage personal = TestMessage.of("From: alice@crepes.fr\nTo: Bob <bob@hamburger.edu>\nSubject: lunch?\n\nhi");
        List<SieveAction> first = run(script, personal, environment).actions();
        assertEquals(2, first.size());
        Vacation vacation = (Vacation) first.get(0);
        assertEquals("Away", vacation.subject());
        assertEquals(3, vacation.days());
        assertEquals(new Keep(Set.of()), first.get(1), "vacation keeps the message");
        assertEquals(List.of(new Keep(Set.of())), run(script, personal, environment).actions(), "answered once within the days");
        environment.now = environment.now.plusDays(4);
        assertEquals(2, run(script, personal, environment).actions().size(), "and again after them");

        TestEnvironment fresh = new TestEnvironment();
        for (TestMessage unanswered : List.of(
                personal.from(""),
                personal.from("MAILER-DAEMON@crepes.fr"),
                personal.from("owner-list@crepes.fr"),
                personal.from("list-request@crepes.fr"),
                TestMessage.of("From: alice@crepes.fr\nTo: bob@hamburger.edu\nAuto-Submitted: auto-replied\n\nhi"),
                TestMessage.of("From: alice@crepes.fr\nTo: bob@hamburger.edu\nList-Id: <l.crepes.fr>\n\nhi"),
                TestMessage.of("From: alice@crepes.fr\nTo: bob@hamburger.edu\nPrecedence: bulk\n\nhi"),
                TestMessage.of("From: alice@crepes.fr\nTo: everyone@crepes.fr\n\nhi"),
                personal.from("bob@hamburger.edu"))) {
            assertEquals(List.of(new Keep(Set.of())), run(script, unanswered, fresh).actions(), unanswered.toString());
        }
        assertEquals(2, run(script, TestMessage.of("From: alice@crepes.fr\nTo: bob@hamburger.edu\nAuto-Submitted: no\n\nhi"), fresh)
                .actions().size(), "Auto-Submitted: no is a person");
    }

    /** RFC 7352: the second copy of a Message-ID is seen as a duplicate. */
    @Test
    void duplicateRemembersMessageIds() throws Exception {
        String script = """
                require ["duplicate", "fileinto"];
                if duplicate { fileinto "Duplicates"; }
                """;
        TestEnvironment environment = new TestEnvironment();
        assertEquals(List.of(new Keep(Set.of())), run(script, LIST_MAIL, environment).actions());
        assertEquals(List.of(new FileInto("Duplicates", Set.of(), false)), run(script, LIST_MAIL, environment).actions());
        assertEquals(List.of(new Keep(Set.of())), run("require \"duplicate\"; if duplicate :uniqueid \"x\" :handle \"h\" { discard; }",
                LIST_MAIL, environment).actions(), "another handle, another memory");
    }

    @Test
    void mailboxexistsAsksTheAccount() throws Exception {
        TestEnvironment environment = new TestEnvironment("INBOX", "Lists");
        String script = """
                require ["mailbox", "fileinto"];
                if mailboxexists "Lists" { fileinto "Lists"; }
                if mailboxexists ["Lists", "Nope"] { fileinto "wrong"; }
                """;
        assertEquals(List.of(new FileInto("Lists", Set.of(), false)), run(script, LIST_MAIL, environment).actions());
    }

    @Test
    void tooManyActionsFailSafely() throws Exception {
        StringBuilder script = new StringBuilder("require \"fileinto\";\n");
        for (int i = 0; i < 40; i++) {
            script.append("fileinto \"f").append(i).append("\";\n");
        }
        SieveOutcome outcome = run(script.toString(), LIST_MAIL, new TestEnvironment());
        assertEquals(Optional.of("more than 32 actions"), outcome.error());
        assertEquals(List.of(new Keep(Set.of())), outcome.actions());
    }
}
