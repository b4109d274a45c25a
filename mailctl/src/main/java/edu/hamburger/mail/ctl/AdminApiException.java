package edu.hamburger.mail.ctl;

/** An admin API refused a call (status and the service's error), or could not be reached (status 0). */
public final class AdminApiException extends RuntimeException {

    private final int status;
    private final String error;

    public AdminApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public boolean conflict() {
        return status == 409;
    }
}
