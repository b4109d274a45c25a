package edu.hamburger.mail.core.smtp;

/**
 * SMTP reply codes by name, with the RFC section that defines each (RFC 5321 §4.2.2 unless said).
 * Enhanced status codes (RFC 3463) that go with them are in {@link EnhancedStatus}.
 */
public final class ReplyCode {

    /** §4.2.2 System status, or system help reply. */
    public static final int SYSTEM_STATUS = 211;
    /** §4.2.2 Help message. */
    public static final int HELP = 214;
    /** §4.2.2 Service ready. */
    public static final int SERVICE_READY = 220;
    /** §4.2.2 Service closing transmission channel. */
    public static final int CLOSING = 221;
    /** RFC 4954 §6 Authentication succeeded. */
    public static final int AUTH_SUCCEEDED = 235;
    /** §4.2.2 Requested mail action okay, completed. */
    public static final int OK = 250;
    /** §4.2.2 Cannot VRFY user, but will accept message and attempt delivery. */
    public static final int CANNOT_VERIFY = 252;
    /** RFC 4954 §4 Server challenge. */
    public static final int AUTH_CHALLENGE = 334;
    /** §4.2.2 Start mail input; end with CRLF.CRLF. */
    public static final int START_MAIL_INPUT = 354;
    /** §4.2.2 Service not available, closing transmission channel. */
    public static final int SERVICE_NOT_AVAILABLE = 421;
    /** §4.2.2 Requested action aborted: local error in processing. */
    public static final int LOCAL_ERROR = 451;
    /** §4.2.2 Requested action not taken: insufficient system storage. */
    public static final int INSUFFICIENT_STORAGE = 452;
    /** RFC 4954 §6 Temporary authentication failure. */
    public static final int AUTH_TEMPORARY_FAILURE = 454;
    /** §4.2.2 Syntax error, command unrecognized (also: line too long). */
    public static final int SYNTAX_ERROR = 500;
    /** §4.2.2 Syntax error in parameters or arguments. */
    public static final int PARAMETER_SYNTAX_ERROR = 501;
    /** §4.2.2 Command not implemented. */
    public static final int NOT_IMPLEMENTED = 502;
    /** §4.2.2 Bad sequence of commands. */
    public static final int BAD_SEQUENCE = 503;
    /** §4.2.2 Command parameter not implemented. */
    public static final int PARAMETER_NOT_IMPLEMENTED = 504;
    /** RFC 4954 §6 Authentication required. */
    public static final int AUTH_REQUIRED = 530;
    /** RFC 4954 §6 Authentication credentials invalid. */
    public static final int AUTH_INVALID = 535;
    /** §4.2.2 Requested action not taken: mailbox unavailable. */
    public static final int MAILBOX_UNAVAILABLE = 550;
    /** §4.2.2 Requested mail action aborted: exceeded storage allocation. */
    public static final int EXCEEDED_STORAGE = 552;
    /** §4.2.2 Requested action not taken: mailbox name not allowed. */
    public static final int MAILBOX_NAME_NOT_ALLOWED = 553;
    /** §4.2.2 Transaction failed. */
    public static final int TRANSACTION_FAILED = 554;
    /** §4.2.2 MAIL FROM/RCPT TO parameters not recognized or not implemented. */
    public static final int PARAMETERS_NOT_RECOGNIZED = 555;

    private ReplyCode() {
    }
}
