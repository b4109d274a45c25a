package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.smtp.SmtpReply;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a server announced in its EHLO reply (RFC 5321 §4.1.1.1): the keywords, and the SIZE
 * limit if it gave one. A HELO-only server has none.
 */
public record ServerCapabilities(Set<String> keywords, long maxSize, Set<String> authMechanisms) {

    public static final ServerCapabilities NONE = new ServerCapabilities(Set.of(), 0, Set.of());

    public static ServerCapabilities fromEhlo(SmtpReply reply) {
        Set<String> keywords = new HashSet<>();
        Set<String> auth = new HashSet<>();
        long maxSize = 0;
        for (int i = 1; i < reply.lines().size(); i++) { // the first line is the greeting
            String[] words = reply.lines().get(i).trim().split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String keyword = words[0].toUpperCase(Locale.ROOT);
            keywords.add(keyword);
            if (keyword.equals("SIZE") && words.length > 1) {
                try {
                    maxSize = Long.parseLong(words[1]);
                } catch (NumberFormatException ignored) {
                    // "SIZE" with garbage: treat as no announced limit
                }
            } else if (keyword.equals("AUTH")) {
                for (int w = 1; w < words.length; w++) {
                    auth.add(words[w].toUpperCase(Locale.ROOT));
                }
            }
        }
        return new ServerCapabilities(Set.copyOf(keywords), maxSize, Set.copyOf(auth));
    }

    public boolean has(String keyword) {
        return keywords.contains(keyword);
    }

    public boolean pipelining() {
        return has("PIPELINING");
    }

    public boolean startTls() {
        return has("STARTTLS");
    }

    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    public boolean smtpUtf8() {
        return has("SMTPUTF8");
    }

    public boolean dsn() {
        return has("DSN");
    }
}
