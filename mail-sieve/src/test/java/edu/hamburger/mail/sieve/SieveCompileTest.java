package edu.hamburger.mail.sieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What CHECKSCRIPT tells a user: the script compiles, or the line of its first error and what is wrong. */
class SieveCompileTest {

    static SieveScript compile(String source) throws SieveScriptException {
        return SieveScript.compile(source, SieveLimits.defaults());
    }

    /** RFC 5228 §9, the specification's own example, whole. */
    @Test
    void theRfcsExampleCompiles() throws Exception {
        SieveScript script = compile("""
                #
                # Example Sieve Filter
                # Declare any optional features or extension used by the script
                #
                require ["fileinto"];

                #
                # Handle messages from known mailing lists
                # Move messages from IETF filter discussion list to filter mailbox
                #
                if header :is "Sender" "owner-ietf-mta-filters@imc.org"
                        {
                        fileinto "filter";  # move to "filter" mailbox
                        }
                #
                # Keep all messages to or from people in my company
                #
                elsif address :DOMAIN :is ["From", "To"] "example.com"
                        {
                        keep;               # keep in "In" mailbox
                        }

                #
                # Try and catch unsolicited email.  If a message is not to me,
                # or it contains a subject known to be spam, file it away.
                #
                elsif anyof (NOT address :all :contains
                               ["To", "Cc", "Bcc"] "me@example.com",
                             header :matches "subject"
                               ["*make*money*fast*", "*university*dipl*mas*"])
                        {
                        fileinto "spam";   # move to "spam" mailbox
                        }
                else
                        {
                        # Move all other (non-company) mail to "personal"
                        # mailbox.
                        fileinto "personal";
                        }
                """);
        assertEquals(Set.of("fileinto"), script.extensions());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            filinto "x";                                                     | 1 | unknown command 'filinto'
            require "fileinto";\\nfileinto "x"\\nkeep;                       | 3 | expected ';' after 'fileinto' but found 'keep' (a missing ';'?)
            fileinto "x";                                                    | 1 | 'fileinto' needs require "fileinto"
            require "fileinto";\\nif true {\\n  fileinto :copy "x";\\n}      | 3 | ':copy' needs require "copy"
            require "vacation";\\nvacation :days 0 "away";                   | 2 | :days is at least 1
            require "foo";                                                   | 1 | extension 'foo' is not supported
            keep;\\nrequire "fileinto";                                      | 2 | 'require' must come before every other command
            if header "Subject" { keep; }                                    | 1 | 'header' takes 2 arguments but was given 1
            if header :is :contains "Subject" "x" { keep; }                  | 1 | ':contains' and ':is' cannot be given together
            if size 100 { keep; }                                            | 1 | 'size' needs :over or :under
            if true { keep; }\\n\\nelse { discard; }\\nelse { keep; }        | 4 | 'else' without an 'if' before it
            header :is "a" "b";                                              | 1 | 'header' is a test, not a command (an 'if' missing?)
            if keep { }                                                      | 1 | 'keep' is a command, not a test
            keep {  }                                                        | 1 | 'keep' takes no block (a missing ';'?)
            if true keep;                                                    | 1 | 'if' needs a block in { }
            if header :comparator "i;foo" "a" "b" { }                        | 1 | unknown comparator 'i;foo'
            if header :comparator "i;ascii-numeric" "a" "b" { }              | 1 | comparator 'i;ascii-numeric' needs require "comparator-i;ascii-numeric"
            require "relational";\\nif header :value "xx" "a" "b" { }        | 2 | ':value' takes one of gt, ge, lt, le, eq, ne
            require "envelope";\\nif envelope "cc" "a" { }                   | 2 | envelope part 'cc' is not 'from' or 'to'
            redirect "not an address";                                       | 1 | 'not an address' is not a mail address to redirect to
            keep; "stray";                                                   | 1 | unexpected a string (a '}' without its '{'?)
            if true { keep; } }                                              | 1 | unexpected '}' (a '}' without its '{'?)
            /* never closed                                                  | 1 | a comment opened with /* is never closed
            keep;\\nreject "x";                                               | 2 | 'reject' needs require "reject"
            require "variables";\\nset "a.b" "c";                            | 2 | 'a.b' is not a variable name
            """)
    void anErrorNamesItsLine(String source, int line, String message) {
        SieveScriptException error = assertThrows(SieveScriptException.class, () -> compile(source.replace("\\n", "\n")));
        assertEquals(message, error.getMessage());
        assertEquals(line, error.line());
        assertEquals("line " + line + ": " + message, error.describe());
    }

    @Test
    void multiLineStringsAreDotUnstuffedAndCountLines() throws Exception {
        SieveScriptException error = assertThrows(SieveScriptException.class, () -> compile("""
                require "vacation";
                vacation text:
                I am away.
                ..signature
                .
                ;
                bogus;
                """));
        assertEquals(7, error.line(), "lines inside text: count");
        SieveOutcome outcome = SieveInterpreter.run(compile("""
                require "vacation";
                vacation :addresses "bob@hamburger.edu" text:
                I am away.
                ..signature
                .
                ;
                """), TestMessage.of("From: alice@crepes.fr\nTo: bob@hamburger.edu\nSubject: hi\n\nbody"), new TestEnvironment());
        SieveAction.Vacation vacation = (SieveAction.Vacation) outcome.actions().get(0);
        assertEquals("I am away.\r\n.signature\r\n", vacation.reason());
    }

    @Test
    void scriptsHaveLimits() {
        SieveLimits small = new SieveLimits(100, 3, 4, 1, 4, 50);
        assertEquals("the script is larger than 100 bytes",
                assertThrows(SieveScriptException.class, () -> SieveScript.compile("#".repeat(101), small)).getMessage());
        SieveScriptException deep = assertThrows(SieveScriptException.class,
                () -> SieveScript.compile("if true { if true { if true { if true { keep; } } } }", small));
        assertEquals("blocks nest deeper than 3", deep.getMessage());
        assertTrue(assertThrows(SieveScriptException.class, () -> SieveScript.compile("if not not not not true { }", small))
                .getMessage().startsWith("tests nest deeper"));
    }

    @Test
    void numbersTakeQuantifiersAndEncodedCharactersAreDecoded() throws Exception {
        TestEnvironment environment = new TestEnvironment();
        SieveScript script = compile("""
                require ["fileinto", "encoded-character"];
                if size :over 1K { fileinto "big"; }
                elsif header :contains "Subject" "${unicode:D55C AD6D}" { fileinto "${hex:4B 52}"; }
                """);
        SieveOutcome korean = SieveInterpreter.run(script, TestMessage.of("Subject: 한국 소식\n\nshort"), environment);
        assertEquals(new SieveAction.FileInto("KR", Set.of(), false), korean.actions().get(0));
        SieveOutcome big = SieveInterpreter.run(script, TestMessage.of("Subject: x\n\n" + "a".repeat(1025)), environment);
        assertEquals(new SieveAction.FileInto("big", Set.of(), false), big.actions().get(0));
    }
}
