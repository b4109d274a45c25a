package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.api.ErrorCode;

/**
 * A request the mailbox store refuses, with its {@link ErrorCode} (which names the HTTP status).
 * Turned into a JSON {@code ApiError} in exactly one place, {@code ApiExceptionMapper}.
 */
public class MailboxException extends RuntimeException {

    private final ErrorCode code;

    public MailboxException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return code.httpStatus();
    }

    public static MailboxException notFound(String what) {
        return new MailboxException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static MailboxException conflict(String message) {
        return new MailboxException(ErrorCode.EXISTS, message);
    }

    public static MailboxException overQuota(String message) {
        return new MailboxException(ErrorCode.OVER_QUOTA, message);
    }

    public static MailboxException tooLarge(String message) {
        return new MailboxException(ErrorCode.MESSAGE_TOO_LARGE, message);
    }

    public static MailboxException badRequest(String message) {
        return new MailboxException(ErrorCode.INVALID, message);
    }
}
