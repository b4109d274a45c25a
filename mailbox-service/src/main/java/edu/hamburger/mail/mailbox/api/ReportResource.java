package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.mailbox.dmarc.DmarcReports;
import edu.hamburger.mail.mailbox.store.MailboxException;
import edu.hamburger.mail.mailbox.tlsrpt.TlsReports;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Operators: send a day's aggregate reports now, DMARC (RFC 7489) or SMTP TLS (RFC 8460); they go
 * out by themselves the day after. Each answers {"sent": n}; a report already sent is not sent again.
 */
@Path(InternalApi.BASE_PATH + "/admin")
public class ReportResource {

    @Inject
    DmarcReports dmarc;

    @Inject
    TlsReports tls;

    /** {@code POST /admin/dmarc-reports?day=2026-12-03} (default: yesterday, UTC). */
    @POST
    @Path("/dmarc-reports")
    public Uni<Map<String, Integer>> sendDmarc(@QueryParam("day") String day) {
        return dmarc.sendFor(day(day)).map(sent -> Map.of("sent", sent));
    }

    /** {@code POST /admin/tls-reports?day=2026-12-03} (default: yesterday, UTC). */
    @POST
    @Path("/tls-reports")
    public Uni<Map<String, Integer>> sendTls(@QueryParam("day") String day) {
        return tls.sendFor(day(day)).map(sent -> Map.of("sent", sent));
    }

    private static LocalDate day(String day) {
        try {
            return day == null ? LocalDate.now(ZoneOffset.UTC).minusDays(1) : LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw MailboxException.badRequest("day is YYYY-MM-DD");
        }
    }
}
