package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.InternalApi;
import edu.hamburger.mail.mailbox.dmarc.DmarcReports;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Operators: send a day's DMARC aggregate reports now (they go out by themselves the day after). */
@Path(InternalApi.BASE_PATH + "/admin")
public class DmarcReportResource {

    @Inject
    DmarcReports reports;

    /** {@code POST /admin/dmarc-reports?day=2026-12-03} (default: yesterday, UTC) → {"sent": n}. */
    @POST
    @Path("/dmarc-reports")
    public Uni<Map<String, Integer>> send(@QueryParam("day") String day) {
        LocalDate date;
        try {
            date = day == null ? LocalDate.now(ZoneOffset.UTC).minusDays(1) : LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw MailboxException.badRequest("day is YYYY-MM-DD");
        }
        return reports.sendFor(date).map(sent -> Map.of("sent", sent));
    }
}
