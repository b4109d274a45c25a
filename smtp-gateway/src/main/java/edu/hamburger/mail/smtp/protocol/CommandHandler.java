package edu.hamburger.mail.smtp.protocol;

import io.smallrye.mutiny.Uni;

/** One SMTP verb: check syntax, apply policy, act; the answer is an {@link Outcome}. */
public interface CommandHandler {

    Uni<Outcome> handle(SmtpSession session, SmtpCommand command);
}
