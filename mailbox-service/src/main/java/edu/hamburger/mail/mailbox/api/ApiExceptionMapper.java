package edu.hamburger.mail.mailbox.api;

import edu.hamburger.mail.core.api.ApiError;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become HTTP statuses with a JSON {@link ApiError} body. */
public class ApiExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @ServerExceptionMapper
    public Response mailbox(MailboxException e) {
        return error(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return error(ErrorCode.of(null, status == 404 || status == 405 ? status : 400), e.getMessage());
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e) {
        return error(ErrorCode.INVALID, e.getMessage());
    }

    @ServerExceptionMapper
    public Response database(PgException e) {
        if ("23505".equals(e.getSqlState())) { // unique_violation
            return error(ErrorCode.EXISTS, "already exists");
        }
        LOG.error("database error", e);
        return error(ErrorCode.INTERNAL, "database error");
    }

    static Response error(ErrorCode code, String message) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON).entity(ApiError.of(code, message)).build();
    }
}
