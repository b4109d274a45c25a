package edu.hamburger.mail.smtp.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.line.testing.DialogueScript;
import edu.hamburger.mail.line.testing.ScriptedConnection;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SMTP dialogue scripts (src/test/resources/dialogues/*.smtp) run in memory: the real protocol
 * and transport, fake ports, no socket. "# connect: mx|submission|smtps" picks the listener;
 * "# queued: N" is how many records the queue must hold at the end.
 */
class SmtpScriptsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seed", "pipelining", "bdat", "smuggling", "limits", "auth", "auth-later", "authors", "own-domain-forged", "master-user", "relay", "queue-down"})
    void script(String name) throws Exception {
        DialogueScript script = DialogueScript.load(SmtpScriptsTest.class, name + ".smtp");
        InMemorySmtp smtp = new InMemorySmtp();
        smtp.queueDown = !script.setup("# queue: down").isEmpty();
        Listener listener = script.setup("# connect: ").stream().findFirst()
                .map(l -> Listener.valueOf(l.toUpperCase(Locale.ROOT))).orElse(Listener.MX);
        try (ScriptedConnection connection = smtp.connect(listener)) {
            script.run(DialogueScript.inMemory(connection, false), Map.of("PLAIN_BOB", java.util.Base64.getEncoder()
                    .encodeToString("\0bob@example.test\0secret".getBytes())));
        }
        for (String count : script.setup("# queued: ")) {
            assertEquals(Integer.parseInt(count), smtp.queued.size(), "records queued");
        }
    }
}
