package edu.hamburger.mail.smtp.protocol;

import io.smallrye.mutiny.Uni;

/** An AUTH exchange in progress: each client line after a 334 goes here until it answers 235 or 5xx. */
public interface SaslExchange {

    Uni<Outcome> respond(String line);
}
