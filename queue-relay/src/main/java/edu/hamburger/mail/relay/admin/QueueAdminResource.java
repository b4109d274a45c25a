package edu.hamburger.mail.relay.admin;

import edu.hamburger.mail.core.api.ApiError;
import edu.hamburger.mail.core.api.admin.AdminApi;
import edu.hamburger.mail.core.api.admin.QueueAction;
import edu.hamburger.mail.core.api.admin.QueueListing;
import edu.hamburger.mail.core.api.admin.QueuedMessage;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.core.record.MailRecordHeaders;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.relay.queue.QueueControl;
import edu.hamburger.mail.relay.queue.QueueControl.Decision;
import edu.hamburger.mail.relay.queue.QueueInspector;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The operators' view of the outbound queue, like Postfix's mailq, postqueue -i and postsuper -d:
 * list what waits (per domain), retry a deferred message now, purge a message. Behind
 * {@code mail.admin-api.token}.
 */
@Path(AdminApi.QUEUE_PATH)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class QueueAdminResource {

    static final int MAX_LIST = 1000;

    @Inject
    QueueInspector inspector;

    @Inject
    QueueControl control;

    @GET
    public QueueListing list(@QueryParam("domain") String domain, @QueryParam("limit") @DefaultValue("200") int limit) {
        List<QueuedMessage> messages = inspector.list(domain, Math.max(1, Math.min(limit, MAX_LIST)));
        Map<String, Integer> perDomain = new TreeMap<>();
        messages.forEach(m -> perDomain.merge(m.domain(), 1, Integer::sum));
        return new QueueListing(messages.size(), perDomain, messages);
    }

    /** Sends the waiting attempt(s) of a message to mail.outbound now; the delayed copies are then skipped. */
    @POST
    @Path("/{queueId}/retry")
    public Response retry(@PathParam("queueId") String queueId) {
        List<QueueInspector.Found> found = inspector.find(queueId);
        if (found.isEmpty()) {
            return notQueued(queueId);
        }
        List<ProducerRecord<String, byte[]>> copies = new ArrayList<>();
        int attempt = 0;
        for (QueueInspector.Found f : found) {
            if (f.summary().topic().equals(MailTopics.OUTBOUND)) {
                continue; // already up for delivery
            }
            MailRecord record = f.record();
            attempt = record.envelope().attempt();
            copies.add(MailRecordHeaders.toProducerRecord(MailTopics.OUTBOUND, new MailRecord(record.envelope().dueNow(), record.message())));
        }
        if (copies.isEmpty()) {
            return Response.ok(new QueueAction(queueId, "already active", 0)).build();
        }
        control.decide(queueId, new Decision(Decision.RETRY, attempt, Instant.now()), copies).await().atMost(Duration.ofSeconds(30));
        return Response.ok(new QueueAction(queueId, "retry", copies.size())).build();
    }

    @DELETE
    @Path("/{queueId}")
    public Response purge(@PathParam("queueId") String queueId) {
        List<QueueInspector.Found> found = inspector.find(queueId);
        if (found.isEmpty()) {
            return notQueued(queueId);
        }
        control.decide(queueId, new Decision(Decision.PURGE, 0, Instant.now()), List.of()).await().atMost(Duration.ofSeconds(30));
        return Response.ok(new QueueAction(queueId, "purge", found.size())).build();
    }

    private static Response notQueued(String queueId) {
        return Response.status(Response.Status.NOT_FOUND).entity(new ApiError("not_queued", "no queued message " + queueId)).build();
    }
}
