package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.ApiError;
import edu.hamburger.mail.core.api.StoreException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns failures into {@link ApiError} answers. What mailbox-service refused is answered by its
 * error code where it is the user's doing (404: not your message or no such message; 400; 409;
 * 507 mailbox full; 413 message too large) and becomes 502 otherwise; that the store is down becomes 503. An unknown id of another
 * account and a missing one give the same 404, so ids cannot be probed.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(Problem problem) {
        return problem.toResponse();
    }

    /** What mailbox-service refused, by its error code (never by HTTP status: over quota and too large differ). */
    @ServerExceptionMapper
    public Response store(StoreException e) {
        return switch (e.code()) {
            case NOT_FOUND -> Problem.response(Response.Status.NOT_FOUND, "no such folder or message");
            case INVALID -> Problem.response(400, "bad_request", e.getMessage());
            case EXISTS, HAS_CHILDREN, CONFLICT, IN_USE -> Problem.response(409, "conflict", e.getMessage());
            case OVER_QUOTA -> Problem.response(507, "over_quota", "Your mailbox is full: delete some messages or empty the Trash ("
                    + e.getMessage() + ")");
            case MESSAGE_TOO_LARGE -> Problem.response(413, "too_large", "The message is too large to store (" + e.getMessage() + ")");
            default -> {
                LOG.warnf("mailbox-service failed: %s %s", e.code(), e.getMessage());
                yield Problem.response(Response.Status.BAD_GATEWAY, "the mail store failed");
            }
        };
    }

    @ServerExceptionMapper
    public Response unreachable(jakarta.ws.rs.ProcessingException e) {
        LOG.warnf("mailbox-service unreachable: %s", e.toString());
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the mail store is not reachable; try again");
    }
}
