package edu.hamburger.mail.line.framing;

import static edu.hamburger.mail.line.framing.FramingTestSupport.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The end of DATA, dot-unstuffing, bare line ends and the size limit (RFC 5321 §4.1.4, §4.5.2; SMTP smuggling). */
class DataReaderTest {

    /** Each row: the input with \r \n written as escapes, and the frames it gives ('|' between them). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "a\\r\\n.\\r\\n;                    data:a\\r\\n",
        ".\\r\\n;                           data:",
        "..dot\\r\\n.\\r\\n;                data:.dot\\r\\n",
        "a\\r\\n.\\r\\nNOOP;                data:a\\r\\n",
        // smuggling: a dot line reached by a bare LF, or a dot with a bare LF after it, never ends the data
        "a\\n.\\r\\nb\\r\\n.\\r\\n;         data:a\\n.\\r\\nb\\r\\n:bare",
        "a\\r\\n.\\nb\\r\\n.\\r\\n;         data:a\\r\\n\\nb\\r\\n:bare",
        "a\\r\\n.\\rb\\r\\n.\\r\\n;         data:a\\r\\n\\rb\\r\\n:bare",
        "bare\\rcr\\r\\n.\\r\\n;            data:bare\\rcr\\r\\n:bare",
        "0123456789abc\\r\\n.\\r\\n;        data::too-big",
    })
    void data(String input, String expected) {
        for (int piece : new int[] {1, 2, 5, 1000}) {
            assertEquals(List.of(expected.replace("\\r", "\r").replace("\\n", "\n").split("\\|")),
                    frames(() -> new DataFramer(10), input.replace("\\r", "\r").replace("\\n", "\n"), piece), "pieces of " + piece);
        }
    }

    @ParameterizedTest(name = "pieces of {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 1000})
    void countedChunksTakeExactlyTheirOctetsAndCountWhatIsOverTheKeepLimit(int piece) {
        assertEquals(List.of("octets:abc\r\n.\r\n"), frames(() -> new CountedFramer(8, 100), "abc\r\n.\r\nNOOP\r\n", piece));
        assertEquals(List.of("octets:ab:overflow"), frames(() -> new CountedFramer(5, 2), "abcde", piece));
    }
}
