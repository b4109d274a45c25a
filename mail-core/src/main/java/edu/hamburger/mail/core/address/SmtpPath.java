package edu.hamburger.mail.core.address;

/**
 * An RFC 5321 Reverse-path or Forward-path. The null reverse-path {@code <>} (bounces, DSNs) has
 * no mailbox; so does the special forward-path {@code <Postmaster>}, which carries the name only.
 */
public record SmtpPath(MailAddress mailbox, boolean postmasterOnly) {

    /** The null reverse-path {@code <>}: mail that must never be answered with a bounce. */
    public static final SmtpPath NULL = new SmtpPath(null, false);
    /** {@code <Postmaster>} without a domain, which every server must accept (RFC 5321 §4.5.1). */
    public static final SmtpPath POSTMASTER = new SmtpPath(null, true);

    public static SmtpPath of(MailAddress mailbox) {
        if (mailbox == null) {
            throw new IllegalArgumentException("use SmtpPath.NULL for the null path");
        }
        return new SmtpPath(mailbox, false);
    }

    public boolean isNull() {
        return mailbox == null && !postmasterOnly;
    }

    /** The path as it goes on the wire: {@code <alice@crepes.fr>}, {@code <>} or {@code <Postmaster>}. */
    @Override
    public String toString() {
        if (postmasterOnly) {
            return "<Postmaster>";
        }
        return mailbox == null ? "<>" : "<" + mailbox + ">";
    }
}
