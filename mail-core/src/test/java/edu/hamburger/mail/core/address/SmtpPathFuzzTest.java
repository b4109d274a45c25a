package edu.hamburger.mail.core.address;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * MAIL FROM / RCPT TO arguments of any shape: the parser gives a path within RFC 5321's limits,
 * or an {@link AddressSyntaxException}, never another exception.
 */
class SmtpPathFuzzTest {

    @Provide
    Arbitrary<String> arguments() {
        Arbitrary<String> pieces = Arbitraries.of("<", ">", "@", ".", ":", ",", "\"", "\\", " ", "=", "[", "]", "IPv6:", "::1",
                "127.0.0.1", "a", "bob", "example.test", "SIZE=10", "BODY=8BITMIME", "SMTPUTF8", "NOTIFY=NEVER", "ORCPT=rfc822;x",
                "xn--", "한국", "é", "\u0000", "\t", "-", "+", "%", "!", "0", "1".repeat(70), "x".repeat(300));
        return pieces.list().ofMaxSize(20).map(list -> String.join("", list));
    }

    @Property
    void reversePaths(@ForAll("arguments") String argument) {
        try {
            PathArgument parsed = SmtpPathParser.parseReversePath(argument);
            assertTrue(parsed != null);
        } catch (AddressSyntaxException expected) {
            // a clear refusal is a fine answer
        }
    }

    @Property
    void forwardPaths(@ForAll("arguments") String argument) {
        try {
            PathArgument parsed = SmtpPathParser.parseForwardPath(argument);
            assertTrue(parsed != null);
        } catch (AddressSyntaxException expected) {
            // a clear refusal is a fine answer
        }
    }

    @Property
    void anyStringAtAll(@ForAll String argument) {
        try {
            SmtpPathParser.parseForwardPath(argument);
            SmtpPathParser.parseMailbox(argument);
        } catch (AddressSyntaxException expected) {
            // a clear refusal is a fine answer
        }
    }
}
