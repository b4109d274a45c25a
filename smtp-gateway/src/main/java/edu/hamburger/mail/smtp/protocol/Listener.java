package edu.hamburger.mail.smtp.protocol;

/** Which door a client came in by: what it must do before sending, and whether TLS is implicit. */
public enum Listener {
    /** Port 25: other MTAs deliver to local users; relaying only after AUTH. */
    MX(false, false),
    /** Port 587 (RFC 6409): users submit; AUTH required before MAIL. */
    SUBMISSION(true, false),
    /** Port 465 (RFC 8314): submission inside TLS from the first byte. */
    SMTPS(true, true);

    private final boolean authRequired;
    private final boolean implicitTls;

    Listener(boolean authRequired, boolean implicitTls) {
        this.authRequired = authRequired;
        this.implicitTls = implicitTls;
    }

    public boolean authRequired() {
        return authRequired;
    }

    public boolean implicitTls() {
        return implicitTls;
    }

    public boolean isSubmission() {
        return this != MX;
    }
}
