package edu.hamburger.mail.core.smtp;

/** RFC 3463 enhanced mail system status codes used by the platform, by name. */
public final class EnhancedStatus {

    public static final String OK = "2.0.0";
    public static final String SENDER_OK = "2.1.0";
    public static final String RECIPIENT_OK = "2.1.5";
    public static final String MESSAGE_ACCEPTED = "2.6.0";
    public static final String AUTH_OK = "2.7.0";
    public static final String CANNOT_VERIFY = "2.5.0";
    public static final String CLOSING = "2.0.0";

    public static final String TEMPORARY_SYSTEM = "4.3.0";
    public static final String SYSTEM_FULL = "4.3.1";
    public static final String TOO_MANY_RECIPIENTS_TEMP = "4.5.3";
    public static final String CONNECTION_LIMIT = "4.7.0";
    public static final String TIMEOUT = "4.4.2";

    public static final String BAD_DESTINATION_MAILBOX = "5.1.1";
    public static final String BAD_DESTINATION_SYNTAX = "5.1.3";
    public static final String BAD_SENDER_SYNTAX = "5.1.7";
    public static final String MAILBOX_FULL = "5.2.2";
    public static final String MESSAGE_TOO_BIG = "5.3.4";
    public static final String SYNTAX = "5.5.2";
    public static final String BAD_SEQUENCE = "5.5.1";
    public static final String BAD_PARAMETERS = "5.5.4";
    public static final String TOO_MANY_RECIPIENTS = "5.5.3";
    public static final String CONTENT = "5.6.0";
    public static final String NEEDS_SMTPUTF8 = "5.6.7";
    public static final String RELAY_DENIED = "5.7.1";
    public static final String AUTH_REQUIRED = "5.7.0";
    public static final String AUTH_INVALID = "5.7.8";
    public static final String ENCRYPTION_REQUIRED = "5.7.11";

    private EnhancedStatus() {
    }
}
