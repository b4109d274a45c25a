package edu.hamburger.mail.line.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One table for SASL as SMTP, POP3 and IMAP all decode it. */
class SaslTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainGivesTheUserAndPassword() {
        SaslResponse.Credentials credentials = (SaslResponse.Credentials) Sasl.plain(b64("\0bob@example.test\0s3cret"));
        assertEquals("bob@example.test", credentials.user());
        assertEquals("s3cret", credentials.password());
        assertFalse(credentials.impersonates());
        assertFalse(credentials.toString().contains("s3cret"), "a password never reaches a log");
    }

    @Test
    void anAuthzidOfTheSameUserIsFineAnotherIsImpersonation() {
        assertFalse(((SaslResponse.Credentials) Sasl.plain(b64("BOB@example.test\0bob@example.test\0pw"))).impersonates());
        assertTrue(((SaslResponse.Credentials) Sasl.plain(b64("alice@example.test\0bob@example.test\0pw"))).impersonates());
    }

    @Test
    void koreanPasswordsAreUtf8() {
        assertEquals("비밀번호", ((SaslResponse.Credentials) Sasl.plain(b64("\0bob\0비밀번호"))).password());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"*", " * "})
    void starCancels(String line) {
        assertInstanceOf(SaslResponse.Cancelled.class, Sasl.plain(line));
        assertInstanceOf(SaslResponse.Cancelled.class, Sasl.text(line));
    }

    @Test
    void malformedResponses() {
        for (String line : new String[] {"!!notbase64!!", "=", "", b64("bob\0pw"), b64("\0\0pw"), b64("\0bob\0"),
                b64("a\0b\0c\0d"), b64("\0" + "u".repeat(256) + "\0pw")}) {
            assertInstanceOf(SaslResponse.Malformed.class, Sasl.plain(line), line);
        }
        byte[] latin1 = {0, 'b', 'o', 'b', 0, (byte) 0xE9};
        assertInstanceOf(SaslResponse.Malformed.class, Sasl.plain(Base64.getEncoder().encodeToString(latin1)));
        assertEquals("invalid base64", ((SaslResponse.Malformed) Sasl.plain("!!notbase64!!")).why());
    }

    @Test
    void loginStepsAreOneBase64ValueEach() {
        assertEquals("bob@example.test", ((SaslResponse.Text) Sasl.text(b64("bob@example.test"))).value());
        assertInstanceOf(SaslResponse.Malformed.class, Sasl.text("="));
        assertInstanceOf(SaslResponse.Malformed.class, Sasl.text("%%%"));
    }

    @Test
    void failedLoginsCloseAfterTheLimit() {
        FailedLoginPolicy policy = new FailedLoginPolicy(3, java.time.Duration.ZERO);
        assertEquals(FailedLoginPolicy.Verdict.TRY_AGAIN, policy.after(1).await().indefinitely());
        assertEquals(FailedLoginPolicy.Verdict.TRY_AGAIN, policy.after(2).await().indefinitely());
        assertEquals(FailedLoginPolicy.Verdict.CLOSE, policy.after(3).await().indefinitely());
    }

    @Test
    void failedLoginsAnswerLate() {
        long start = System.nanoTime();
        new FailedLoginPolicy(3, java.time.Duration.ofMillis(200)).after(1).await().indefinitely();
        assertTrue(System.nanoTime() - start >= 190_000_000L);
    }
}
