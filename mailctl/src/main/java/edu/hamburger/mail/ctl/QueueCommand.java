package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import edu.hamburger.mail.core.api.admin.QueueAction;
import edu.hamburger.mail.core.api.admin.QueueListing;
import edu.hamburger.mail.core.api.admin.QueuedMessage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The outbound queue, as postqueue -p and postsuper -r/-d show and change it. */
@Command(name = "queue", description = "The outbound queue: list, show, retry, purge (like postqueue and postsuper).", mixinStandardHelpOptions = true)
final class QueueCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Lists queued messages, oldest first, with their state and next attempt.")
    void list(@Option(names = "--domain", paramLabel = "DOMAIN", description = "only mail to this destination domain") String domain,
              @Option(names = "--limit", defaultValue = "200", description = "at most this many (default ${DEFAULT-VALUE}, at most 1000)") int limit) {
        MailCtl ctl = MailCtl.of(spec);
        String query = "?limit=" + limit + (domain == null ? "" : "&domain=" + AdminClient.encode(domain));
        QueueListing listing = ctl.client().queue("GET", query, new TypeReference<>() {
        });
        PrintWriter out = ctl.out();
        if (listing.count() == 0) {
            out.println("Mail queue is empty");
            out.flush();
            return;
        }
        Instant now = Instant.now();
        Table table = new Table("QUEUE ID", "SIZE", "AGE", "ATTEMPT", "STATE", "NEXT", "SENDER", "RECIPIENTS");
        for (QueuedMessage m : listing.messages()) {
            table.row(m.queueId(), m.size(), age(m.receivedAt(), now), m.attempt(), m.state(),
                    m.notBefore() == null || !m.notBefore().isAfter(now) ? "now" : "in " + age(now, m.notBefore()),
                    m.sender() == null || m.sender().isEmpty() ? "<>" : m.sender(), String.join(",", m.recipients()));
        }
        table.print(out);
        out.println("-- " + listing.count() + " queued " + (listing.count() == 1 ? "message" : "messages") + "; per domain: " + listing.perDomain());
        out.flush();
    }

    @Command(name = "show", description = "Shows everything the queue knows of one message.")
    void show(@Parameters(paramLabel = "QUEUE-ID") String queueId) {
        MailCtl ctl = MailCtl.of(spec);
        QueueListing listing = ctl.client().queue("GET", "?limit=1000", new TypeReference<>() {
        });
        List<QueuedMessage> found = listing.messages().stream().filter(m -> m.queueId().equals(queueId)).toList();
        if (found.isEmpty()) {
            throw new AdminApiException(404, "not_queued", "no queued message " + queueId);
        }
        PrintWriter out = ctl.out();
        for (QueuedMessage m : found) {
            out.println("queue id:    " + m.queueId());
            out.println("sender:      " + (m.sender() == null || m.sender().isEmpty() ? "<>" : m.sender()));
            out.println("recipients:  " + String.join(", ", m.recipients()));
            out.println("domain:      " + m.domain());
            out.println("size:        " + m.size() + " bytes");
            out.println("received:    " + m.receivedAt());
            out.println("attempt:     " + m.attempt() + " (" + m.state() + ")");
            out.println("next try:    " + (m.notBefore() == null ? "now" : m.notBefore()));
            out.println("where:       " + m.topic() + " partition " + m.partition() + " offset " + m.offset());
            out.println();
        }
        out.flush();
    }

    @Command(name = "retry", description = "Tries a message again now instead of at its next retry time.")
    void retry(@Parameters(paramLabel = "QUEUE-ID") String queueId) {
        act("POST", "/" + AdminClient.encode(queueId) + "/retry");
    }

    @Command(name = "purge", description = "Deletes a queued message without a bounce.")
    void purge(@Parameters(paramLabel = "QUEUE-ID") String queueId) {
        act("DELETE", "/" + AdminClient.encode(queueId));
    }

    private void act(String method, String path) {
        MailCtl ctl = MailCtl.of(spec);
        QueueAction action = ctl.client().queue(method, path, new TypeReference<>() {
        });
        ctl.out().println(action.queueId() + ": " + action.action() + " (" + action.records() + " queued record" + (action.records() == 1 ? ")" : "s)"));
        ctl.out().flush();
    }

    static String age(Instant from, Instant to) {
        if (from == null) {
            return "-";
        }
        Duration d = Duration.between(from, to);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        if (d.toDays() > 0) {
            return d.toDays() + "d" + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
    }
}
