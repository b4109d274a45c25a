package edu.hamburger.mail.webmail.mime;

import edu.hamburger.mail.webmail.mime.Compose.MessageRef;
import edu.hamburger.mail.webmail.mime.MessageView.Mailbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;

/**
 * Prefills a reply, reply-all or forward from the message being answered, as mail clients do:
 * Reply-To before From (RFC 5322 §3.6.2), reply-all adds To and Cc without the user's own
 * address, "Re: " / "Fwd: " only once, the text quoted with "> " under an attribution line,
 * In-Reply-To and References continuing the thread (RFC 5322 §3.6.4). A forward attaches the
 * original whole instead of threading.
 */
public final class ReplyBuilder {

    public enum Mode { REPLY, REPLY_ALL, FORWARD }

    private ReplyBuilder() {
    }

    /**
     * @param ownAddresses the account's addresses, its own first, then its aliases: none of them is
     *                     answered, and the answer is written as the one the original was sent to
     */
    public static Compose build(MessageView original, MessageRef ref, List<String> ownAddresses, Mode mode) {
        String writingAs = addressedIdentity(original, ownAddresses);
        String subject = original.subject() == null ? "" : original.subject();
        String body = original.text() != null ? original.text()
                : original.html() != null ? Jsoup.parse(original.html()).wholeText() : "";
        if (mode == Mode.FORWARD) {
            String header = "\n\n---------- Forwarded message ----------\n"
                    + "From: " + join(original.from()) + "\n"
                    + (original.date() == null ? "" : "Date: " + original.date() + "\n")
                    + "Subject: " + subject + "\n"
                    + "To: " + join(original.to()) + "\n"
                    + (original.cc().isEmpty() ? "" : "Cc: " + join(original.cc()) + "\n")
                    + "\n" + body;
            return new Compose(List.of(), List.of(), List.of(), prefixed("Fwd: ", subject, "fwd:", "fw:"), header, null,
                    null, List.of(), ref, ref, null, writingAs);
        }
        List<Mailbox> primary = original.replyTo().isEmpty() ? original.from() : original.replyTo();
        Map<String, String> to = new LinkedHashMap<>();
        Map<String, String> cc = new LinkedHashMap<>();
        primary.forEach(m -> to.putIfAbsent(key(m), m.display()));
        if (mode == Mode.REPLY_ALL) {
            original.to().forEach(m -> cc.putIfAbsent(key(m), m.display()));
            original.cc().forEach(m -> cc.putIfAbsent(key(m), m.display()));
        }
        List<String> own = ownAddresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        cc.keySet().removeAll(to.keySet());
        if (to.size() > 1 || mode != Mode.REPLY) {
            to.keySet().removeAll(own); // answering one's own sent message still goes to its recipients
        }
        cc.keySet().removeAll(own);
        if (to.isEmpty() && !cc.isEmpty()) {
            String first = cc.keySet().iterator().next();
            to.put(first, cc.remove(first));
        }
        List<String> references = new ArrayList<>(original.references());
        if (original.messageId() != null && !references.contains(original.messageId())) {
            references.add(original.messageId());
        }
        String attribution = "On " + (original.date() == null ? "an earlier date" : original.date()) + ", "
                + join(original.from()) + " wrote:\n";
        String quoted = "\n\n" + attribution + quote(body);
        return new Compose(List.copyOf(to.values()), List.copyOf(cc.values()), List.of(), prefixed("Re: ", subject, "re:"),
                quoted, null, original.messageId(), references, ref, null, null, writingAs);
    }

    /** The first of the account's addresses the original was sent to (To, then Cc), or null for the account's own. */
    private static String addressedIdentity(MessageView original, List<String> ownAddresses) {
        List<Mailbox> recipients = new ArrayList<>(original.to());
        recipients.addAll(original.cc());
        for (Mailbox recipient : recipients) {
            for (String address : ownAddresses) {
                if (key(recipient).equals(address.toLowerCase(Locale.ROOT))) {
                    return address;
                }
            }
        }
        return null;
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            quoted.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
        }
        return quoted.toString();
    }

    private static String prefixed(String prefix, String subject, String... already) {
        String lower = subject.trim().toLowerCase(Locale.ROOT);
        for (String p : already) {
            if (lower.startsWith(p)) {
                return subject.trim();
            }
        }
        return prefix + subject.trim();
    }

    private static String key(Mailbox mailbox) {
        return mailbox.address() == null ? "" : mailbox.address().toLowerCase(Locale.ROOT);
    }

    private static String join(List<Mailbox> mailboxes) {
        return String.join(", ", mailboxes.stream().map(Mailbox::display).toList());
    }
}
