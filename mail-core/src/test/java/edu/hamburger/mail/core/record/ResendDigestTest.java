package edu.hamburger.mail.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResendDigestTest {

    private static final byte[] BODY = "Message-ID: <1@crepes.fr>\r\nSubject: 케첩\r\n\r\nDo you like ketchup?\r\n"
            .getBytes(StandardCharsets.UTF_8);

    private static String digest(String messageId, String from, List<String> to, byte[] body) {
        return ResendDigest.of(messageId, from, to, body);
    }

    @Test
    void theSameMessageSentAgainHasTheSameDigestWhateverTheRecipientOrder() {
        String first = digest("<1@crepes.fr>", "<alice@crepes.fr>", List.of("bob@hamburger.edu", "carol@hamburger.edu"), BODY);
        assertEquals(64, first.length());
        assertEquals(first, digest(" <1@crepes.fr> ", "<alice@crepes.fr>", List.of("Carol@hamburger.edu", "bob@hamburger.edu"), BODY.clone()));
    }

    @Test
    void anyDifferenceMakesAnotherMessage() {
        String first = digest("<1@crepes.fr>", "<alice@crepes.fr>", List.of("bob@hamburger.edu"), BODY);
        byte[] otherBody = BODY.clone();
        otherBody[otherBody.length - 3] = '!';
        assertNotEquals(first, digest("<1@crepes.fr>", "<alice@crepes.fr>", List.of("bob@hamburger.edu"), otherBody));
        assertNotEquals(first, digest("<1@crepes.fr>", "<alice@crepes.fr>", List.of("bob@hamburger.edu", "carol@hamburger.edu"), BODY));
        assertNotEquals(first, digest("<1@crepes.fr>", "<mallory@crepes.fr>", List.of("bob@hamburger.edu"), BODY));
        assertNotEquals(first, digest("<2@crepes.fr>", "<alice@crepes.fr>", List.of("bob@hamburger.edu"), BODY));
    }

    @Test
    void withoutItsOwnMessageIdAMessageHasNoDigest() {
        assertNull(digest(null, "<alice@crepes.fr>", List.of("bob@hamburger.edu"), BODY));
        assertNull(digest("  ", "<alice@crepes.fr>", List.of("bob@hamburger.edu"), BODY));
    }
}
