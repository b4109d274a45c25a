package edu.hamburger.mail.imap.protocol;

/** The store refused an operation: 404 unknown, 409 conflict, 400 bad request, 413/507 too big or over quota. */
public class MailboxPortException extends RuntimeException {

    private final int status;

    public MailboxPortException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
