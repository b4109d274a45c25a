package edu.hamburger.mail.core.api;

/**
 * mailbox-service refused a request, decoded once (in mailbox-client) from its {@link ApiError}:
 * the gateways and the webmail map {@link #code()} to their protocol's answer.
 */
public class StoreException extends RuntimeException {

    private final ErrorCode code;

    public StoreException(ErrorCode code, String message) {
        super(message == null ? code.wire() : message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The store is down or broke, as opposed to refusing this request: worth a retry later. */
    public boolean temporary() {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.INTERNAL;
    }
}
