package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.Contact;
import edu.hamburger.mail.core.api.MailboxIndex;
import edu.hamburger.mail.core.api.MailboxInfo;
import edu.hamburger.mail.core.api.MessageSummary;
import edu.hamburger.mail.webmail.mime.MessageView.Mailbox;
import edu.hamburger.mail.webmail.session.SignedIn;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Addresses to suggest while writing: the account's contacts first (its address book, by the
 * names the user gave them), then the people the user wrote to (their Sent mail counts most) and
 * those who wrote to them, from the newest messages of Sent and the inbox. None of the account's
 * own addresses is suggested.
 */
@Path("/api/v1/addresses")
@Tag(name = "compose")
@Produces(MediaType.APPLICATION_JSON)
public class AddressResource {

    /** Newest messages read from each of Sent and the inbox. */
    static final int MESSAGES_READ = 300;
    /** Addresses answered, most used first. */
    static final int ANSWERED = 200;
    /** A recipient of the user's own mail weighs this many senders. */
    private static final int SENT_WEIGHT = 3;

    @Inject
    MailStore store;

    @Inject
    SignedIn signedIn;

    /**
     * @param uses    how often the address was written to (weighted) or heard from
     * @param contact whether it is in the address book
     */
    public record Suggestion(String name, String address, int uses, boolean contact) {
    }

    @GET
    @Operation(summary = "Addresses the user corresponds with, most used first, to suggest in To, Cc and Bcc")
    public Uni<List<Suggestion>> suggestions() {
        long account = signedIn.accountId();
        Uni<Set<String>> ownAddresses = store.api().identities(account)
                .map(identities -> identities.stream().map(i -> i.address().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
        Uni<List<Contact>> book = store.api().contacts(account);
        Uni<Tuple2<List<MessageSummary>, List<MessageSummary>>> mail = store.api().mailboxes(account).chain(folders -> {
            var sent = folders.stream().filter(f -> MailStore.SENT.equalsIgnoreCase(f.specialUse())).findFirst();
            var inbox = folders.stream().filter(f -> MailboxInfo.INBOX.equalsIgnoreCase(f.name())).findFirst();
            Uni<List<MessageSummary>> written = sent.isEmpty() ? Uni.createFrom().item(List.of()) : newest(account, sent.get().id());
            Uni<List<MessageSummary>> heard = inbox.isEmpty() ? Uni.createFrom().item(List.of()) : newest(account, inbox.get().id());
            return Uni.combine().all().unis(written, heard).asTuple();
        });
        return Uni.combine().all().unis(ownAddresses, book, mail).asTuple().map(all -> {
            Set<String> own = all.getItem1();
            var both = all.getItem3();
            Map<String, Tally> tallies = new HashMap<>();
            for (Contact contact : all.getItem2()) {
                Tally tally = tallies.computeIfAbsent(contact.address().toLowerCase(Locale.ROOT), k -> new Tally(contact.address()));
                tally.contact = true;
                tally.name = contact.name().isBlank() ? null : contact.name(); // the name the user gave wins
            }
            for (MessageSummary message : both.getItem1()) {
                if (message.envelope() != null) {
                    count(tallies, MessageList.mailboxes(message.envelope().to()), SENT_WEIGHT, own);
                    count(tallies, MessageList.mailboxes(message.envelope().cc()), SENT_WEIGHT, own);
                    count(tallies, MessageList.mailboxes(message.envelope().bcc()), SENT_WEIGHT, own);
                }
            }
            for (MessageSummary message : both.getItem2()) {
                if (message.envelope() != null) {
                    count(tallies, MessageList.mailboxes(message.envelope().from()), 1, own);
                }
            }
            return tallies.values().stream()
                    // contacts first, then the most used
                    .sorted(Comparator.comparing((Tally t) -> !t.contact).thenComparing(t -> t.uses, Comparator.reverseOrder())
                            .thenComparing(t -> t.address))
                    .limit(ANSWERED)
                    .map(t -> new Suggestion(t.name, t.address, t.uses, t.contact))
                    .toList();
        });
    }

    private Uni<List<MessageSummary>> newest(long account, long folderId) {
        return store.api().index(account, folderId).chain((MailboxIndex index) -> {
            long[] uids = index.uids();
            if (uids.length == 0) {
                return Uni.createFrom().item(List.<MessageSummary>of());
            }
            // the envelopes (who wrote, to whom) of the newest, not their body structures
            return store.api().summaries(account, folderId, uids[Math.max(0, uids.length - MESSAGES_READ)] + ":*", null, "envelope");
        });
    }

    private static void count(Map<String, Tally> tallies, List<Mailbox> people, int weight, Set<String> own) {
        for (Mailbox person : people) {
            String key = person.address().toLowerCase(Locale.ROOT);
            if (own.contains(key) || !key.contains("@") || key.length() > 254) {
                continue;
            }
            Tally tally = tallies.computeIfAbsent(key, k -> new Tally(person.address()));
            tally.uses += weight;
            if (tally.name == null && person.name() != null && !person.name().isBlank()) {
                tally.name = person.name();
            }
        }
    }

    private static final class Tally {
        final String address;
        String name;
        int uses;
        boolean contact;

        Tally(String address) {
            this.address = address;
        }
    }
}
