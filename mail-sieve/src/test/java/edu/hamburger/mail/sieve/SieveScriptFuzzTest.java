package edu.hamburger.mail.sieve;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a user uploads: the compiler answers with a script or a SieveScriptException, never anything else. */
class SieveScriptFuzzTest {

    @Property(tries = 3000)
    void anyTextCompilesOrNamesAnError(@ForAll("scripts") String source) {
        try {
            SieveScript script = SieveScript.compile(source, SieveLimits.defaults());
            SieveInterpreter.run(script, SieveInterpreterTest.LIST_MAIL, new TestEnvironment("INBOX"));
        } catch (SieveScriptException e) {
            if (e.line() < 0) {
                throw new AssertionError("negative line", e);
            }
        }
    }

    @Provide
    Arbitrary<String> scripts() {
        Arbitrary<String> tokens = Arbitraries.of("require", "\"fileinto\"", "[\"variables\", \"imap4flags\"]", "if", "elsif", "else",
                "header", "address", ":is", ":matches", ":contains", ":count", "\"ge\"", "\"*\"", "\"${1}\"", "{", "}", "(", ")",
                "[", "]", ",", ";", "fileinto", "keep", "discard", "stop", "setflag", "set", "\"a\"", "10K", "size", ":over",
                "text:\n.\n", "#c\n", "/*", "*/", "anyof", "not", "true", "\\", "\"", ":", "vacation", "redirect", "\"x@y.z\"");
        Arbitrary<String> structured = tokens.list().ofMaxSize(40).map(list -> String.join(" ", list));
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(200);
        return Arbitraries.oneOf(structured, noise);
    }
}
