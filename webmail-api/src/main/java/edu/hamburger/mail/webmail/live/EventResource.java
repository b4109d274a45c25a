package edu.hamburger.mail.webmail.live;

import edu.hamburger.mail.webmail.session.SignedIn;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-Sent Events of the signed-in user's mail changes (new mail, flags, expunges, folders).
 * A "ping" every 25 s keeps proxies from closing an idle stream; EventSource reconnects by itself.
 */
@Path("/api/v1/events")
@Tag(name = "live")
public class EventResource {

    static final Duration KEEPALIVE = Duration.ofSeconds(25);

    @Inject
    LiveChanges changes;

    @Inject
    SignedIn signedIn;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live changes of this account's mail (text/event-stream)")
    public Multi<LiveChanges.LiveEvent> events() {
        long account = signedIn.accountId();
        Multi<LiveChanges.LiveEvent> pings = Multi.createFrom().ticks().every(KEEPALIVE)
                .map(tick -> new LiveChanges.LiveEvent("ping", 0, null, List.of()));
        Multi<LiveChanges.LiveEvent> hello = Multi.createFrom().item(new LiveChanges.LiveEvent("ready", 0, null, List.of()));
        return Multi.createBy().concatenating().streams(hello, Multi.createBy().merging().streams(changes.of(account), pings));
    }
}
