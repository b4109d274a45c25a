package edu.hamburger.mail.line;

import edu.hamburger.mail.line.framing.Frame;
import edu.hamburger.mail.line.framing.Framer;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * The protocol side of one connection, as the transport sees it. Every method is called on the
 * connection's thread, one at a time: {@link #handle} is not called again before the previous
 * answer completed, which is what pipelining needs (answers in the order of the commands).
 */
public interface LineSession {

    /** The connection is up: write the greeting. The wire stays valid for the whole connection. */
    void opened(Wire wire);

    /** How the next unit of input is cut: a command line, a SASL line, DATA, a BDAT chunk, a command with literals. */
    Framer framer();

    /** Acts on one complete unit, writes its answer through the wire, and says what comes next. */
    Uni<Step> handle(Frame frame);

    /** {@link #handle} failed unexpectedly: write a temporary-failure answer and say what comes next. */
    Step failed(Throwable failure);

    /** How long the client may stay silent now. */
    Duration timeout();

    /** The client stayed silent too long: write the goodbye (the connection closes after it). */
    void timedOut();

    /** The TLS handshake after STARTTLS succeeded. */
    void tlsStarted();

    /** The connection has ended, however it ended. Called once. */
    void closed();
}
