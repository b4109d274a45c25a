package edu.hamburger.mail.imap.protocol;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * What the transport does after a command: read the next one, close, start TLS, wait in IDLE
 * for "DONE", or hand the next line to a continuation (AUTHENTICATE's SASL response).
 */
public record Next(Kind kind, String tag, Function<byte[], Uni<Next>> continuation) {

    public enum Kind { COMMAND, CLOSE, START_TLS, START_COMPRESSION, IDLE, CONTINUATION }

    public static final Next COMMAND = new Next(Kind.COMMAND, null, null);
    public static final Next CLOSE = new Next(Kind.CLOSE, null, null);
    public static final Next START_TLS = new Next(Kind.START_TLS, null, null);
    /** COMPRESS DEFLATE answered: everything after it, both ways, is deflated (RFC 4978). */
    public static final Next START_COMPRESSION = new Next(Kind.START_COMPRESSION, null, null);

    public static Next idle(String tag) {
        return new Next(Kind.IDLE, tag, null);
    }

    public static Next continuation(Function<byte[], Uni<Next>> handler) {
        return new Next(Kind.CONTINUATION, null, handler);
    }
}
