package edu.hamburger.mail.core.address;

/**
 * A path, mailbox or ESMTP parameter that does not follow RFC 5321 / RFC 6531. The message says
 * what is wrong in words a client can be shown (the SMTP gateway puts it after 501 5.1.3 or 5.5.4).
 */
public class AddressSyntaxException extends IllegalArgumentException {

    private final int position;

    public AddressSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** Zero-based index into the parsed text where the problem was found. */
    public int position() {
        return position;
    }
}
