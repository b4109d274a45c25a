package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns failures into {@link ApiError} answers. What mailbox-service refused keeps its status
 * where it is the user's doing (404: not your message or no such message; 400, 409, 507 quota)
 * and becomes 502 otherwise; that the store is down becomes 503. An unknown id of another
 * account and a missing one give the same 404, so ids cannot be probed.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(Problem problem) {
        return problem.toResponse();
    }

    @ServerExceptionMapper
    public Response store(ClientWebApplicationException e) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> Problem.response(Response.Status.NOT_FOUND, "no such folder or message");
            case 400 -> Problem.response(400, "bad_request", storeMessage(e));
            case 409 -> Problem.response(409, "conflict", storeMessage(e));
            case 507 -> Problem.response(507, "over_quota", storeMessage(e));
            default -> {
                LOG.warnf("mailbox-service answered %d: %s", status, e.getMessage());
                yield Problem.response(Response.Status.BAD_GATEWAY, "the mail store failed");
            }
        };
    }

    @ServerExceptionMapper
    public Response unreachable(jakarta.ws.rs.ProcessingException e) {
        LOG.warnf("mailbox-service unreachable: %s", e.toString());
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the mail store is not reachable; try again");
    }

    private static String storeMessage(WebApplicationException e) {
        try {
            ApiError error = e.getResponse().readEntity(ApiError.class);
            return error != null && error.message() != null ? error.message() : e.getMessage();
        } catch (RuntimeException unreadable) {
            return e.getMessage();
        }
    }
}
