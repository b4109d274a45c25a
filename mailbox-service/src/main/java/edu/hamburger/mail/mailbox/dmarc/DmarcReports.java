package edu.hamburger.mail.mailbox.dmarc;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.auth.dmarc.PublicSuffixList;
import edu.hamburger.mail.auth.dns.DnsResolver;
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
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Sends the DMARC aggregate reports (RFC 7489 §7.2): once a day (checked hourly, for the UTC day
 * before) each policy domain observed that day gets one report, to the rua= addresses it may get
 * (ReportDestinations), through the outbound queue like any other mail, so the relay signs and
 * delivers it. A day and domain is reported once (dmarc_report_sent); a crash between sending
 * and recording sends that report again, which receivers deduplicate by Report-ID.
 */
@ApplicationScoped
public class DmarcReports {

    @Inject
    MailboxSettings settings;

    private static final Logger LOG = Logger.getLogger(DmarcReports.class);

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ReportQueue outbound;

    /** MAIL_DMARC_REPORTS_ENABLED: false sends none (observations are still counted). */

    @Inject
    DnsResolver dns;

    private ReportDestinations destinations;
    private DailyReports daily;

    void start(@Observes StartupEvent event) {
        destinations = new ReportDestinations(dns, PublicSuffixList.shipped());
        daily = new DailyReports(pool, "DMARC aggregate", List.of("dmarc_observation", "dmarc_policy"), "dmarc_report_sent");
        if (settings.dmarc().reports().enabled()) {
            daily.hourly(vertx, Duration.ofMinutes(5), this::sendFor);
        }
    }

    /** The reports of one UTC day not sent yet; how many went out. */
    public Uni<Integer> sendFor(LocalDate day) {
        return daily.forEachDomain(day, this::sendOne);
    }

    private Uni<Boolean> sendOne(LocalDate day, String domain) {
        Instant begin = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = begin.plus(Duration.ofDays(1)).minusSeconds(1);
        record Published(AggregateReport.Policy policy, List<String> rua) {
        }
        Uni<Published> published = pool.preparedQuery("select * from dmarc_policy where day = $1 and policy_domain = $2")
                .execute(Tuple.of(day, domain)).map(found -> {
                    Row r = found.iterator().next();
                    return new Published(new AggregateReport.Policy(r.getString("p"), r.getString("sp"), r.getInteger("pct"),
                            r.getString("adkim"), r.getString("aspf")), Arrays.asList(r.getString("rua").split(",")));
                });
        Uni<List<AggregateReport.Row>> rows = pool.preparedQuery("select * from dmarc_observation where day = $1 and policy_domain = $2 order by source_ip")
                .execute(Tuple.of(day, domain)).map(found -> {
                    List<AggregateReport.Row> list = new ArrayList<>();
                    for (Row r : found) {
                        list.add(new AggregateReport.Row(r.getString("source_ip"), r.getInteger("messages"), r.getString("disposition"),
                                r.getString("dkim_aligned"), r.getString("spf_aligned"), r.getString("header_from"), r.getString("envelope_from"),
                                r.getString("dkim_domain"), r.getString("dkim_result"), r.getString("spf_domain"), r.getString("spf_scope"),
                                r.getString("spf_result")));
                    }
                    return list;
                });
        return Uni.combine().all().unis(published, rows).asTuple().chain(found -> OffLoop.compute(() -> destinations.of(domain, found.getItem1().rua()))
                .chain(to -> {
                    String reportId = QueueId.next();
                    if (to.isEmpty()) {
                        LOG.infof("DMARC report for %s on %s not sent: no rua= address it may go to", domain, day);
                        return daily.recordSent(day, domain, reportId, 0).replaceWith(false);
                    }
                    AggregateReport report = new AggregateReport(settings.domain(), "postmaster@" + settings.domain(), reportId, domain, begin, end,
                            found.getItem1().policy(), found.getItem2());
                    byte[] message = report.message("dmarc-noreply@" + settings.domain(), to.stream().map(MailAddress::toString).toList(), Instant.now());
                    return outbound.send(reportId, MailAddress.parse("dmarc-noreply@" + settings.domain()), to, message)
                            .chain(() -> daily.recordSent(day, domain, reportId, to.size()))
                            .invoke(() -> LOG.infof("DMARC report %s for %s on %s queued to %s", reportId, domain, day, to))
                            .replaceWith(true);
                }));
    }
}
