package edu.hamburger.mail.line.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dialogue scripts, the same format for every protocol and for sockets and memory alike:
 * "C: text" is sent with CRLF (inside it "\r\n" becomes CRLF, a lone "\n" or "\r" a bare LF or CR, "\0" a NUL), "S: regex" must match the
 * next server line whole, "TLS" is the client's side of a handshake, "CLOSED" says the server has
 * closed. "${NAME}" is replaced by a variable; a named group "(?<name>...)" in an S: line sets one.
 * Lines "# word: value" ("# message: ...", "# connect: plain") are set-up for the runner; other "#" lines are comments.
 */
public final class DialogueScript {

    /** The client side of a dialogue: a socket client or a {@link ScriptedConnection}. */
    public interface Client {
        void send(String text) throws Exception;

        /** The next server line, or null if the server closed. */
        String line() throws Exception;

        void startTls() throws Exception;

        boolean closedByServer() throws Exception;
    }

    /** "# word: value" is set-up for the runner; any other "#" line is a comment. */
    private static final Pattern SETUP = Pattern.compile("# [a-z-]+: ");

    private final String name;
    private final List<String> lines;

    private DialogueScript(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
    }

    /** Loads {@code /dialogues/<file>} from the class path of {@code owner}. */
    public static DialogueScript load(Class<?> owner, String file) throws IOException {
        try (InputStream in = owner.getResourceAsStream("/dialogues/" + file)) {
            if (in == null) {
                throw new IOException("no script " + file);
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && (!line.startsWith("#") || SETUP.matcher(line).lookingAt())) {
                    lines.add(line.stripTrailing());
                }
            }
            return new DialogueScript(file, lines);
        }
    }

    public List<String> lines() {
        return lines;
    }

    /** The values of the script's set-up lines with that prefix ("# message: ", "# connect: "). */
    public List<String> setup(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** True when the script begins with the client speaking, so the greeting is read before it runs. */
    public boolean clientFirst() {
        return lines.stream().filter(l -> l.startsWith("C: ") || l.startsWith("S: ")).findFirst().orElse("").startsWith("C: ");
    }

    public void run(Client client, Map<String, String> given) throws Exception {
        Map<String, String> variables = new HashMap<>(given);
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw;
            for (var variable : variables.entrySet()) {
                line = line.replace("${" + variable.getKey() + "}", variable.getValue());
            }
            if (line.equals("S:")) {
                line = "S: "; // an empty server line (the script's trailing space was stripped)
            }
            if (line.startsWith("C: ")) {
                client.send(unescape(line.substring(3)));
            } else if (line.equals("TLS")) {
                client.startTls();
            } else if (line.equals("S: <closed>") || line.equals("CLOSED")) {
                if (!client.closedByServer()) {
                    throw new AssertionError(name + " line " + number + ": the server should have closed");
                }
            } else if (line.startsWith("S: ")) {
                String got = client.line();
                String expected = line.substring(3);
                Matcher matcher = Pattern.compile(expected, Pattern.DOTALL).matcher(got == null ? "" : got);
                if (got == null || !matcher.matches()) {
                    throw new AssertionError(name + " line " + number + ": expected /" + expected + "/ but the server said: " + got);
                }
                Matcher groups = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(expected);
                while (groups.find()) {
                    variables.put(groups.group(1), matcher.group(groups.group(1)));
                }
            }
        }
    }

    private static String unescape(String text) {
        return text.replace("\\r\\n", "\r\n").replace("\\n", "\n").replace("\\r", "\r").replace("\\0", "\0");
    }

    /** A {@link Client} over an in-memory connection: TLS is a no-op on this side; {@code literals}: IMAP responses. */
    public static Client inMemory(ScriptedConnection connection, boolean literals) {
        return new Client() {
            @Override
            public void send(String text) throws Exception {
                connection.send(text + "\r\n");
            }

            @Override
            public String line() throws Exception {
                return connection.response(literals);
            }

            @Override
            public void startTls() {
            }

            @Override
            public boolean closedByServer() throws Exception {
                return connection.ended() && connection.pending().isEmpty();
            }
        };
    }
}
