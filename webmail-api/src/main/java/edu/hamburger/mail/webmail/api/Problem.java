package edu.hamburger.mail.webmail.api;

import edu.hamburger.mail.core.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * A refused request as the webmail answers it: an HTTP status and {@link ApiError} JSON
 * ({@code {"error": "not_found", "message": "..."}}), the same shape mailbox-service uses.
 */
public final class Problem extends RuntimeException {

    private final Response.Status status;

    public Problem(Response.Status status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static Problem badRequest(String message) {
        return new Problem(Response.Status.BAD_REQUEST, message);
    }

    public static Problem notFound(String message) {
        return new Problem(Response.Status.NOT_FOUND, message);
    }

    public Response.Status status() {
        return status;
    }

    public Response toResponse() {
        return response(status, getMessage());
    }

    public static Response response(Response.Status status, String message) {
        return response(status.getStatusCode(), status.name().toLowerCase(Locale.ROOT), message);
    }

    public static Response response(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message)).build();
    }
}
