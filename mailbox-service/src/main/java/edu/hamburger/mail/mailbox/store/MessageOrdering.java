package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.api.SearchKey;
import edu.hamburger.mail.core.api.SortRequest;
import edu.hamburger.mail.core.api.ThreadNode;
import edu.hamburger.mail.core.api.ThreadRequest;
import edu.hamburger.mail.core.thread.BaseSubject;
import edu.hamburger.mail.core.thread.MessageThreader;
import edu.hamburger.mail.core.thread.ThreadInput;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * SORT and THREAD (RFC 5256, RFC 5957's DISPLAYFROM/DISPLAYTO) over the messages a SEARCH key
 * selects: one query reads each message's sort fields from its stored envelope, and the ordering
 * is done here, off the event loop. Threading recurses as deep as reply chains go, so it runs on
 * threads with a large stack.
 */
@ApplicationScoped
public class MessageOrdering {

    private static final String FIELDS = """
            select e.uid, e.internal_date, e.size, coalesce(m.sent_date, e.internal_date) as sent,
                   m.envelope->>'subject' as subject,
                   m.envelope#>>'{from,0,name}' as from_name, m.envelope#>>'{from,0,mailbox}' as from_mailbox,
                   m.envelope#>>'{from,0,host}' as from_host,
                   m.envelope#>>'{to,0,name}' as to_name, m.envelope#>>'{to,0,mailbox}' as to_mailbox,
                   m.envelope#>>'{to,0,host}' as to_host,
                   m.envelope#>>'{cc,0,mailbox}' as cc_mailbox""";
    private static final String THREAD_FIELDS = """
            select e.uid, coalesce(m.sent_date, e.internal_date) as sent, m.envelope->>'subject' as subject,
                   m.envelope->>'messageId' as message_id, m.envelope->>'inReplyTo' as in_reply_to,
                   coalesce(m.thread_references, substring(m.header_text from '(?:^|\\n)[Rr][Ee][Ff][Ee][Rr][Ee][Nn][Cc][Ee][Ss]: ([^\\n]*)'))
                       as refs""";

    /** Deep reply chains recurse deeply: these threads get a stack to match. */
    private final ExecutorService ordering = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            new java.util.concurrent.ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable task) {
                    Thread thread = new Thread(null, task, "message-ordering-" + count.incrementAndGet(), 256L << 20);
                    thread.setDaemon(true);
                    return thread;
                }
            });

    @Inject
    Pool pool;

    @Inject
    MessageStore store;

    @PreDestroy
    void stop() {
        ordering.shutdownNow();
    }

    /** The UIDs matching the request's key in its order. */
    public Uni<List<Long>> sort(long accountId, long mailboxId, SortRequest request) {
        Comparator<SortFields> order = comparator(request.criteria());
        return select(accountId, mailboxId, FIELDS, request.key()).chain(rows -> {
            List<SortFields> messages = new ArrayList<>(rows.size());
            rows.forEach(row -> messages.add(SortFields.of(row)));
            return offLoop(() -> messages.stream().sorted(order).map(SortFields::uid).toList());
        });
    }

    /** The threads of the messages matching the request's key. */
    public Uni<List<ThreadNode>> thread(long accountId, long mailboxId, ThreadRequest request) {
        String algorithm = request.algorithm() == null ? "" : request.algorithm().toUpperCase(Locale.ROOT);
        if (!ThreadRequest.ALGORITHMS.contains(algorithm)) {
            throw MailboxException.badRequest("unknown threading algorithm " + request.algorithm());
        }
        return select(accountId, mailboxId, THREAD_FIELDS, request.key()).chain(rows -> {
            List<ThreadInput> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                messages.add(new ThreadInput(row.getLong("uid"), row.getString("message_id"),
                        ThreadInput.references(row.getString("refs"), row.getString("in_reply_to")), decoded(row.getString("subject")),
                        row.getOffsetDateTime("sent").toInstant()));
            }
            return offLoop(() -> algorithm.equals("REFERENCES") ? MessageThreader.references(messages)
                    : MessageThreader.orderedSubject(messages));
        });
    }

    private Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> select(long accountId, long mailboxId, String fields, SearchKey key) {
        Tuple params = Tuple.of(mailboxId);
        String condition = SearchQuery.compile(key == null ? SearchKey.of("ALL") : key, params);
        return store.largestUid(accountId, mailboxId).chain(ignored -> pool.preparedQuery(fields
                + " from mailbox_entry e join message m on m.id = e.message_id where e.mailbox_id = $1 and " + condition
                + " order by e.uid").execute(params));
    }

    private <T> Uni<T> offLoop(java.util.function.Supplier<T> work) {
        return edu.hamburger.mail.core.reactive.OffLoop.compute(work, ordering);
    }

    static Comparator<SortFields> comparator(List<String> criteria) {
        if (criteria == null || criteria.isEmpty()) {
            throw MailboxException.badRequest("SORT needs at least one criterion");
        }
        Comparator<SortFields> order = null;
        boolean reverse = false;
        for (String criterion : criteria) {
            String name = criterion == null ? "" : criterion.toUpperCase(Locale.ROOT);
            if (name.equals(SortRequest.REVERSE)) {
                reverse = true;
                continue;
            }
            Comparator<SortFields> one = switch (name) {
                case "ARRIVAL" -> Comparator.comparing(SortFields::arrival);
                case "DATE" -> Comparator.comparing(SortFields::sent);
                case "SIZE" -> Comparator.comparingLong(SortFields::size);
                case "SUBJECT" -> Comparator.comparing(SortFields::subject);
                case "FROM" -> Comparator.comparing(SortFields::fromMailbox);
                case "TO" -> Comparator.comparing(SortFields::toMailbox);
                case "CC" -> Comparator.comparing(SortFields::ccMailbox);
                case "DISPLAYFROM" -> Comparator.comparing(SortFields::displayFrom);
                case "DISPLAYTO" -> Comparator.comparing(SortFields::displayTo);
                default -> throw MailboxException.badRequest("unknown sort criterion " + criterion);
            };
            one = reverse ? one.reversed() : one;
            reverse = false;
            order = order == null ? one : order.thenComparing(one);
        }
        if (reverse || order == null) {
            throw MailboxException.badRequest("REVERSE must precede a sort criterion");
        }
        return order.thenComparingLong(SortFields::uid); // equal messages in mailbox order, REVERSE or not
    }

    static String decoded(String subject) {
        return subject == null ? null : DecoderUtil.decodeEncodedWords(subject, DecodeMonitor.SILENT);
    }

    /** What SORT compares of one message: strings case-folded, empty where the field is absent. */
    record SortFields(long uid, Instant arrival, Instant sent, long size, String subject, String fromMailbox, String toMailbox,
                      String ccMailbox, String displayFrom, String displayTo) {

        static SortFields of(Row row) {
            return new SortFields(row.getLong("uid"), row.getOffsetDateTime("internal_date").toInstant(),
                    row.getOffsetDateTime("sent").toInstant(), row.getLong("size"),
                    BaseSubject.of(decoded(row.getString("subject"))).key(), fold(row.getString("from_mailbox")),
                    fold(row.getString("to_mailbox")), fold(row.getString("cc_mailbox")),
                    display(row.getString("from_name"), row.getString("from_mailbox"), row.getString("from_host")),
                    display(row.getString("to_name"), row.getString("to_mailbox"), row.getString("to_host")));
        }

        /** RFC 5957: the display name, or without one the address. */
        private static String display(String name, String mailbox, String host) {
            if (name != null && !name.isBlank()) {
                return fold(name.strip());
            }
            return mailbox == null ? "" : fold(host == null ? mailbox : mailbox + "@" + host);
        }

        private static String fold(String text) {
            return BaseSubject.asciiCasemap(text); // RFC 5256 sorts addresses in i;ascii-casemap too
        }
    }
}
