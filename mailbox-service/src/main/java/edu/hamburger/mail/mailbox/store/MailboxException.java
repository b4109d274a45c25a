package edu.hamburger.mail.mailbox.store;

/**
 * A request the mailbox store refuses, with the HTTP status it maps to. Turned into a JSON
 * {@code ApiError} in exactly one place, {@code ApiExceptionMapper}.
 */
public class MailboxException extends RuntimeException {

    private final int status;
    private final String code;

    public MailboxException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static MailboxException notFound(String what) {
        return new MailboxException(404, "not-found", what + " not found");
    }

    public static MailboxException conflict(String message) {
        return new MailboxException(409, "exists", message);
    }

    public static MailboxException overQuota(String message) {
        return new MailboxException(413, "over-quota", message);
    }

    public static MailboxException badRequest(String message) {
        return new MailboxException(400, "bad-request", message);
    }
}
