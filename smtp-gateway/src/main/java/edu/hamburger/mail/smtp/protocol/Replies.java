package edu.hamburger.mail.smtp.protocol;

import static edu.hamburger.mail.core.smtp.EnhancedStatus.BAD_PARAMETERS;
import static edu.hamburger.mail.core.smtp.EnhancedStatus.BAD_SEQUENCE;
import static edu.hamburger.mail.core.smtp.EnhancedStatus.TEMPORARY_SYSTEM;

import edu.hamburger.mail.core.smtp.EnhancedStatus;
import edu.hamburger.mail.core.smtp.ReplyCode;
import edu.hamburger.mail.core.smtp.SmtpReply;

/** Replies several handlers give, worded once. */
final class Replies {

    static final SmtpReply OK = SmtpReply.of(ReplyCode.OK, "2.0.0", "OK");
    static final SmtpReply NEED_HELO = SmtpReply.of(ReplyCode.BAD_SEQUENCE, BAD_SEQUENCE, "Send HELO or EHLO first");
    static final SmtpReply NEED_MAIL = SmtpReply.of(ReplyCode.BAD_SEQUENCE, BAD_SEQUENCE, "Send MAIL first");
    static final SmtpReply NEED_RCPT = SmtpReply.of(ReplyCode.BAD_SEQUENCE, BAD_SEQUENCE, "Send RCPT first");
    static final SmtpReply NESTED_MAIL = SmtpReply.of(ReplyCode.BAD_SEQUENCE, BAD_SEQUENCE, "Sender already given; RSET to start over");
    /** The process holds as many message bytes as it may (MessageMemory): RFC 3463's "mail system full". */
    static final SmtpReply NO_MEMORY = SmtpReply.of(ReplyCode.INSUFFICIENT_STORAGE, EnhancedStatus.SYSTEM_FULL,
            "Insufficient system storage, try again later");
    static final SmtpReply TRY_LATER = SmtpReply.of(ReplyCode.LOCAL_ERROR, TEMPORARY_SYSTEM, "Temporary failure, try again later");

    private Replies() {
    }

    static SmtpReply badParameter(String text) {
        return SmtpReply.of(ReplyCode.PARAMETERS_NOT_RECOGNIZED, BAD_PARAMETERS, text);
    }

    static SmtpReply syntax(String text) {
        return SmtpReply.of(ReplyCode.PARAMETER_SYNTAX_ERROR, BAD_PARAMETERS, text);
    }
}
