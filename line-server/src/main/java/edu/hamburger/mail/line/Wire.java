package edu.hamburger.mail.line;

import java.time.Duration;

/** What a session may do with its connection besides answering a frame. */
public interface Wire {

    /** Writes bytes in order; nothing once the connection is closing. */
    void write(byte[] bytes);

    /** Runs a task on the connection's own thread (after a store call, for a push while idle). */
    void execute(Runnable task);

    /** Runs a task every {@code period} until the connection ends (POP3's lease renewal). */
    void every(Duration period, Runnable task);
}
