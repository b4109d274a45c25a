package edu.hamburger.mail.imap.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import edu.hamburger.mail.core.api.MailboxIndex;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.RecentClaim;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Table tests of the IMAP parsers: the tokenizer (ImapArguments) through the request records,
 * SEARCH criteria and FETCH items. A row is what follows the command name, and what the parser
 * made of it (the request's toString, trimmed to what matters) or the syntax error.
 */
class ImapParsersTest {

    /** RFC 3501 atoms may hold '~' (imaptest's "atoms" group: SELECT ~foo is a mailbox name); "~{n}" is a literal8 (RFC 3516). */
    @org.junit.jupiter.api.Test
    void aTildeStartsAnAtomUnlessALiteral8Follows() {
        ImapArguments atom = new ImapArguments("~foo".getBytes(StandardCharsets.US_ASCII));
        assertEquals("~foo", atom.astring());
        ImapArguments literal8 = new ImapArguments("~{3}\r\nabc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("abc", literal8.astring());
    }


    /** A selected mailbox of five messages, UIDs 10, 20, 30, 40, 50. */
    private static final SelectedMailbox BOX = new SelectedMailbox(
            new MailboxInfo(1, "INBOX", null, 7, 51, 9, true, 5, 5, 500, 0, 0), false,
            new MailboxIndex(new long[] {10, 20, 30, 40, 50}, new long[] {1, 2, 3, 4, 5}, new String[5][0]), RecentClaim.NONE);

    private static ImapArguments args(String text) {
        return new ImapArguments((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static ImapRequest.Context context(String name, boolean uid) {
        return new ImapRequest.Context(name, uid, BOX, false);
    }

    @ParameterizedTest(name = "SEARCH{0}")
    @CsvSource(delimiter = '|', value = {
        " ALL                                     | SearchKey[key=ALL, value=null, field=null, operands=[]]",
        " 2:3                                     | SearchKey[key=UID, value=20,30, field=null, operands=[]]",
        " UID 25:45                               | SearchKey[key=UID, value=30,40, field=null, operands=[]]",
        " UID 60:70                               | SearchKey[key=NOT, value=null, field=null, operands=[SearchKey[key=ALL, value=null, field=null, operands=[]]]]",
        " SINCE 1-Feb-2026                        | SearchKey[key=SINCE, value=2026-02-01, field=null, operands=[]]",
        " since 1-FEB-2026                        | SearchKey[key=SINCE, value=2026-02-01, field=null, operands=[]]",
        " SUBJECT \"lunch plans\"                 | SearchKey[key=SUBJECT, value=lunch plans, field=null, operands=[]]",
        " CHARSET UTF-8 SUBJECT 점심              | SearchKey[key=SUBJECT, value=점심, field=null, operands=[]]",
        " HEADER X-Priority 1                     | SearchKey[key=HEADER, value=1, field=X-Priority, operands=[]]",
        " OR SEEN FLAGGED                         | SearchKey[key=OR, value=null, field=null, operands=[SearchKey[key=SEEN, value=null, field=null, operands=[]], SearchKey[key=FLAGGED, value=null, field=null, operands=[]]]]",
        " MODSEQ 5                                | SearchKey[key=MODSEQ, value=5, field=null, operands=[]]",
    })
    void searchCriteria(String arguments, String expected) {
        SearchRequest request = SearchRequest.parse(args(" " + arguments.strip()), context("SEARCH", false));
        assertEquals(expected, request.key().toString());
        assertEquals(arguments.contains("MODSEQ"), request.usesModseq());
    }

    @ParameterizedTest(name = "SEARCH{0}")
    @ValueSource(strings = {" FROBNICATE", " SINCE 31-Feb-2026", " SINCE yesterday", " OR SEEN", " (SEEN", " HEADER", " 0", ""})
    void badSearches(String arguments) {
        assertThrows(ImapSyntaxException.class, () -> SearchRequest.parse(args(arguments), context("SEARCH", false)));
    }

    @ParameterizedTest(name = "FETCH{0}")
    @CsvSource(delimiter = '|', value = {
        " 1:* FLAGS                               | 1:* | [Simple[name=FLAGS]]",
        " 1 (UID RFC822.SIZE)                     | 1 | [Simple[name=UID], Simple[name=RFC822.SIZE]]",
        " 2 BODY.PEEK[HEADER.FIELDS (Subject)]<0.10> | 2 | [Section[responseName=BODY[HEADER.FIELDS (SUBJECT)]<0>, path=, part=header, fields=[SUBJECT], notFields=false, peek=true, offset=0, length=10]]",
        " 3 BODY[1.MIME]                          | 3 | [Section[responseName=BODY[1.MIME], path=1, part=mime, fields=null, notFields=false, peek=false, offset=-1, length=-1]]",
    })
    void fetchItems(String arguments, String set, String items) {
        FetchRequest request = FetchRequest.parse(args(" " + arguments.strip()), context("FETCH", false));
        assertEquals(set, request.set());
        assertEquals(items, request.items().items().toString());
    }

    @ParameterizedTest(name = "FETCH{0}")
    @ValueSource(strings = {" 1", " 1 BODY[", " 1 (FLAGS", " 1 BOGUS", " x FLAGS", " 1 BODY[HEADER.FIELDS]", " 1 FLAGS extra"})
    void badFetches(String arguments) {
        assertThrows(ImapSyntaxException.class, () -> FetchRequest.parse(args(arguments), context("FETCH", false)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "SELECT | ' INBOX'                                  | SelectRequest[mailbox=INBOX, readOnly=false, condstore=false, qresync=null]",
        "EXAMINE | ' inbox (CONDSTORE)'                     | SelectRequest[mailbox=INBOX, readOnly=true, condstore=true, qresync=null]",
        "SELECT | ' \"&yBDC7A-\" (QRESYNC (7 5 1:9))'       | SelectRequest[mailbox=점심, readOnly=false, condstore=false, qresync=Qresync[uidValidity=7, modseq=5, knownUids=1:9]]",
        "SELECT | ' A (QRESYNC (7 5 (1:2 10:20)))'          | SelectRequest[mailbox=A, readOnly=false, condstore=false, qresync=Qresync[uidValidity=7, modseq=5, knownUids=null]]",
    })
    void selects(String name, String arguments, String expected) {
        assertEquals(expected, SelectRequest.parse(args(arguments), context(name, false)).toString());
    }

    @ParameterizedTest(name = "SELECT{0}")
    @ValueSource(strings = {"", " ", " INBOX (CONDSTORE BOGUS)", " INBOX (QRESYNC)", " INBOX (CONDSTORE", " \"unterminated", " INBOX extra"})
    void badSelects(String arguments) {
        assertThrows(ImapSyntaxException.class, () -> SelectRequest.parse(args(arguments), context("SELECT", false)));
    }

    @ParameterizedTest(name = "STORE{0}")
    @CsvSource(delimiter = '|', value = {
        " 1 +FLAGS (\\Seen)                            | StoreRequest[set=1, unchangedSince=null, mode=ADD, silent=false, flags=[\\Seen]]",
        " 1:2 (UNCHANGEDSINCE 9) -FLAGS.SILENT ($Junk) | StoreRequest[set=1:2, unchangedSince=9, mode=REMOVE, silent=true, flags=[$Junk]]",
        " * FLAGS ()                                   | StoreRequest[set=*, unchangedSince=null, mode=REPLACE, silent=false, flags=[]]",
    })
    void stores(String arguments, String expected) {
        assertEquals(expected, StoreRequest.parse(args(" " + arguments.strip()), context("STORE", false)).toString());
    }

    @ParameterizedTest(name = "STORE{0}")
    @ValueSource(strings = {" 1 FLAGS (\\Recent)", " 1 FLAGS (\\See)", " 1 XFLAGS (\\Seen)", " 1 (UNCHANGEDSINCE) FLAGS ()", " 1"})
    void badStores(String arguments) {
        assertThrows(ImapSyntaxException.class, () -> StoreRequest.parse(args(arguments), context("STORE", false)));
    }

    @org.junit.jupiter.api.Test
    void loginsInAtomsQuotedStringsAndLiterals() {
        for (String[] row : new String[][] {{" bob secret", "bob"}, {" \"bob@example.test\" \"s p\"", "bob@example.test"},
                {" {3}\r\nbob {2}\r\npw", "bob"}}) {
            LoginRequest request = LoginRequest.parse(args(row[0]), context("LOGIN", false));
            assertEquals(row[1], request.user());
            assertEquals(false, request.toString().contains(request.password()), "no password in toString");
        }
        // a NUL (or broken UTF-8) in a literal is a syntax error here, never a database error later
        assertThrows(ImapSyntaxException.class, () -> LoginRequest.parse(args(" {5}\r\nb\0b@x {2}\r\npw"), context("LOGIN", false)));
        assertThrows(ImapSyntaxException.class, () -> LoginRequest.parse(args(" bob {3}\r\np\0w"), context("LOGIN", false)));
        assertThrows(ImapSyntaxException.class, () -> LoginRequest.parse(
                new ImapArguments(new byte[] {' ', '{', '2', '}', '\r', '\n', (byte) 0xC3, 0x28, ' ', 'p', '\r', '\n'}), context("LOGIN", false)));
    }

    @ParameterizedTest(name = "LIST{0}")
    @CsvSource(delimiter = '|', value = {
        " \"\" *                                        | ListRequest[lsub=false, selection=[], reference=, patterns=[*], returns=[], statusItems=[]]",
        " (SUBSCRIBED) \"\" (INBOX Proj*) RETURN (STATUS (MESSAGES)) | ListRequest[lsub=false, selection=[SUBSCRIBED], reference=, patterns=[INBOX, Proj*], returns=[STATUS], statusItems=[MESSAGES]]",
    })
    void lists(String arguments, String expected) {
        assertEquals(expected, ListRequest.parse(args(" " + arguments.strip()), context("LIST", false)).toString());
    }
}
