package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.ApiError;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * The one place an error answer of mailbox-service becomes something a caller can act on: a
 * {@link StoreException} with the {@link ErrorCode} the service sent in its {@link ApiError}
 * (or, from a proxy or an older service without a body, the one its status implies).
 */
public class StoreErrorDecoder implements ResponseExceptionMapper<StoreException> {

    @Override
    public StoreException toThrowable(Response response) {
        String wire = null;
        String message = null;
        try {
            if (response.hasEntity()) {
                ApiError error = response.readEntity(ApiError.class);
                if (error != null) {
                    wire = error.error();
                    message = error.message();
                }
            }
        } catch (RuntimeException notJson) {
            // no JSON body (a proxy's page): the status alone decides
        }
        ErrorCode code = ErrorCode.of(wire, response.getStatus());
        return new StoreException(code, message != null ? message : "mailbox-service answered " + response.getStatus(),
                retryAfter(response.getHeaderString("Retry-After")));
    }

    /** Retry-After in seconds (the only form mailbox-service sends); zero when absent or unreadable. */
    static java.time.Duration retryAfter(String header) {
        if (header == null) {
            return java.time.Duration.ZERO;
        }
        try {
            return java.time.Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return java.time.Duration.ZERO;
        }
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
