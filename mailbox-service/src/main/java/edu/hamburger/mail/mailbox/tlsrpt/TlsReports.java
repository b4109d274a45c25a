package edu.hamburger.mail.mailbox.tlsrpt;

import edu.hamburger.mail.mailbox.MailboxSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.auth.TlsRptRecord;
import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.smtp.QueueId;
import edu.hamburger.mail.mailbox.report.DailyReports;
import edu.hamburger.mail.mailbox.report.ReportQueue;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Sends the SMTP TLS reports (RFC 8460): once a day (checked hourly, for the UTC day before)
 * each recipient domain the relay opened sessions to gets one report, if it publishes a
 * {@code _smtp._tls} record, to that record's mailto: addresses, through the outbound queue (the
 * relay signs it, as §5.3 requires). RFC 8460 lets a domain name any address, unlike DMARC. The
 * https: rua is not used: only mail reports are sent. A day and domain is reported once
 * (tls_report_sent); a domain whose record could not be looked up is tried again the next hour.
 */
@ApplicationScoped
public class TlsReports {

    @Inject
    MailboxSettings settings;

    private static final Logger LOG = Logger.getLogger(TlsReports.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ReportQueue outbound;

    @Inject
    ObjectMapper json;

    /** MAIL_TLS_REPORTS_ENABLED: false sends none (sessions are still counted). */

    @Inject
    DnsResolver dns;

    private DailyReports daily;

    void start(@Observes StartupEvent event) {
        daily = new DailyReports(pool, "SMTP TLS", List.of("tls_observation"), "tls_report_sent");
        if (settings.tlsReports().enabled()) {
            daily.hourly(vertx, Duration.ofMinutes(7), this::sendFor);
        }
    }

    /** The reports of one UTC day not sent yet; how many went out. */
    public Uni<Integer> sendFor(LocalDate day) {
        return daily.forEachDomain(day, this::sendOne);
    }

    private Uni<Boolean> sendOne(LocalDate day, String domain) {
        return OffLoop.compute(() -> dns.lookup(TlsRptRecord.name(domain), DnsType.TXT)).chain(answer -> {
            if (answer.status() == DnsAnswer.Status.TEMPORARY_ERROR) {
                LOG.infof("TLS report for %s on %s waits: its %s record could not be looked up (%s)", domain, day,
                        TlsRptRecord.name(domain), answer.detail());
                return Uni.createFrom().item(false);
            }
            List<MailAddress> to = destinations(answer);
            String reportId = QueueId.next();
            if (to.isEmpty()) {
                return daily.recordSent(day, domain, reportId, 0).replaceWith(false);
            }
            return policies(day, domain).chain(policies -> {
                Instant begin = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                TlsReport report = new TlsReport(settings.domain(), "postmaster@" + settings.domain(), reportId, domain, begin,
                        begin.plus(Duration.ofDays(1)).minusSeconds(1), policies);
                String sender = "tlsrpt-noreply@" + settings.domain();
                byte[] message = report.message(json, sender, to.stream().map(MailAddress::toString).toList(), Instant.now());
                return outbound.send(reportId, MailAddress.parse(sender), to, message)
                        .chain(() -> daily.recordSent(day, domain, reportId, to.size()))
                        .invoke(() -> LOG.infof("TLS report %s for %s on %s queued to %s", reportId, domain, day, to))
                        .replaceWith(true);
            });
        });
    }

    /** The mailto: addresses of the domain's TLSRPTv1 record (the first one; several make none, as for SPF). */
    static List<MailAddress> destinations(DnsAnswer answer) {
        List<TlsRptRecord> records = answer.records().stream().map(TlsRptRecord::parse).filter(java.util.Objects::nonNull).toList();
        if (records.size() != 1) {
            return List.of();
        }
        List<MailAddress> to = new ArrayList<>();
        for (String address : records.get(0).mailto()) {
            try {
                to.add(MailAddress.parse(address));
            } catch (IllegalArgumentException e) {
                // not an address: skipped
            }
        }
        return to;
    }

    private Uni<List<TlsReport.Policy>> policies(LocalDate day, String domain) {
        return pool.preparedQuery("""
                        select * from tls_observation where day = $1 and policy_domain = $2
                        order by policy_type, policy_digest, result, receiving_mx, receiving_ip, sending_ip""")
                .execute(Tuple.of(day, domain)).map(rows -> {
                    record Key(String type, String digest) {
                    }
                    Map<Key, List<Row>> byPolicy = new LinkedHashMap<>();
                    for (Row r : rows) {
                        byPolicy.computeIfAbsent(new Key(r.getString("policy_type"), r.getString("policy_digest")), k -> new ArrayList<>()).add(r);
                    }
                    List<TlsReport.Policy> policies = new ArrayList<>();
                    byPolicy.forEach((key, list) -> {
                        long successes = 0;
                        List<TlsReport.Failure> failures = new ArrayList<>();
                        for (Row r : list) {
                            if (r.getString("result").equals("success")) {
                                successes += r.getInteger("sessions");
                            } else {
                                failures.add(new TlsReport.Failure(r.getString("result"), r.getString("sending_ip"), r.getString("receiving_mx"),
                                        r.getString("receiving_ip"), r.getInteger("sessions")));
                            }
                        }
                        Row first = list.get(0);
                        policies.add(new TlsReport.Policy(key.type(), lines(first.getString("policy_string")), lines(first.getString("mx_host")),
                                successes, failures));
                    });
                    return policies;
                });
    }

    private static List<String> lines(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }
}
