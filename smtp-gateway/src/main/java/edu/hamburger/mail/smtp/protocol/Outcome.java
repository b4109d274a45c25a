package edu.hamburger.mail.smtp.protocol;

import edu.hamburger.mail.core.smtp.SmtpReply;

/**
 * What a command handler decided: the reply to write (null for none yet) and what the transport
 * does next. The protocol never touches the socket; the transport never decides a reply.
 */
public record Outcome(SmtpReply reply, Next next, long chunkSize, boolean lastChunk, SaslExchange sasl) {

    public enum Next {
        /** Read the next command line. */
        COMMAND,
        /** Write the reply, then close the connection. */
        CLOSE,
        /** Write the reply, discard anything pipelined, then start TLS. */
        START_TLS,
        /** Write the reply (354), then read message data up to CRLF.CRLF. */
        DATA,
        /** Read exactly {@code chunkSize} octets of a BDAT chunk ({@code lastChunk}: BDAT ... LAST), then reply. */
        BDAT_CHUNK,
        /** Write the reply (334), then give the next line to {@code sasl}. */
        SASL_RESPONSE
    }

    public static Outcome reply(SmtpReply reply) {
        return new Outcome(reply, Next.COMMAND, 0, false, null);
    }

    public static Outcome close(SmtpReply reply) {
        return new Outcome(reply, Next.CLOSE, 0, false, null);
    }

    public static Outcome then(SmtpReply reply, Next next) {
        return new Outcome(reply, next, 0, false, null);
    }

    public static Outcome bdat(long size, boolean last) {
        return new Outcome(null, Next.BDAT_CHUNK, size, last, null);
    }

    public static Outcome challenge(SmtpReply reply, SaslExchange sasl) {
        return new Outcome(reply, Next.SASL_RESPONSE, 0, false, sasl);
    }
}
