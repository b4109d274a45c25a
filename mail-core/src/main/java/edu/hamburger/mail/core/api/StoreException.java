package edu.hamburger.mail.core.api;

/**
 * mailbox-service refused a request, decoded once (in mailbox-client) from its {@link ApiError}:
 * the gateways and the webmail map {@link #code()} to their protocol's answer.
 */
public class StoreException extends RuntimeException {

    private final ErrorCode code;
    private final java.time.Duration retryAfter;

    public StoreException(ErrorCode code, String message) {
        this(code, message, java.time.Duration.ZERO);
    }

    /** @param retryAfter when the service said to come back (its Retry-After), zero when it did not */
    public StoreException(ErrorCode code, String message, java.time.Duration retryAfter) {
        super(message == null ? code.wire() : message);
        this.code = code;
        this.retryAfter = retryAfter == null ? java.time.Duration.ZERO : retryAfter;
    }

    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * True when a failure means "come back later" (the login policy's back-off, {@link ErrorCode#TRY_LATER})
     * rather than "the service broke": each protocol answers it with its temporary refusal.
     */
    public static boolean tryLater(Throwable failure) {
        return failure instanceof StoreException refused && refused.code == ErrorCode.TRY_LATER;
    }

    /** The store is down or broke, as opposed to refusing this request: worth a retry later. */
    public boolean temporary() {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.INTERNAL || code == ErrorCode.TRY_LATER;
    }
}
