package edu.hamburger.mail.core.record;

/**
 * A Kafka record on a mail topic whose headers do not make an envelope. Consumers send such a
 * record to the dead-letter topic rather than retrying it: no retry can make it readable.
 */
public class MalformedMailRecordException extends RuntimeException {

    public MalformedMailRecordException(String message) {
        super(message);
    }

    public MalformedMailRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
