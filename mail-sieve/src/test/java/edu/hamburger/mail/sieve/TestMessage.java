package edu.hamburger.mail.sieve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A message for the interpreter's tests: header fields unfolded from text, addresses found by their shape. */
record TestMessage(String raw, String envelopeFrom, String envelopeTo) implements SieveMessage {

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;:\"()]+@[^\\s<>,;:\"()]+");

    static TestMessage of(String raw) {
        return new TestMessage(raw, "alice@crepes.fr", "bob@hamburger.edu");
    }

    TestMessage from(String sender) {
        return new TestMessage(raw, sender, envelopeTo);
    }

    TestMessage to(String recipient) {
        return new TestMessage(raw, envelopeFrom, recipient);
    }

    private String headerSection() {
        int end = raw.indexOf("\n\n");
        return end < 0 ? raw : raw.substring(0, end);
    }

    @Override
    public List<String> header(String name) {
        List<String> values = new ArrayList<>();
        for (String field : headerSection().replaceAll("\n[ \t]+", " ").split("\n")) {
            int colon = field.indexOf(':');
            if (colon > 0 && field.substring(0, colon).trim().equalsIgnoreCase(name)) {
                values.add(field.substring(colon + 1).trim());
            }
        }
        return values;
    }

    @Override
    public List<String> addresses(String name) {
        List<String> found = new ArrayList<>();
        for (String value : header(name)) {
            Matcher matcher = ADDRESS.matcher(value);
            while (matcher.find()) {
                found.add(matcher.group());
            }
        }
        return found;
    }

    @Override
    public long size() {
        return raw.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String bodyText() {
        return rawBody();
    }

    /** One part: the body, of the type its Content-Type names (text/plain without one). */
    @Override
    public List<Content> parts() {
        List<String> type = header("Content-Type");
        String mimeType = type.isEmpty() ? "text/plain" : type.get(0).split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        return List.of(new Content(mimeType, rawBody()));
    }

    @Override
    public String rawBody() {
        int end = raw.indexOf("\n\n");
        return end < 0 ? "" : raw.substring(end + 2);
    }
}
