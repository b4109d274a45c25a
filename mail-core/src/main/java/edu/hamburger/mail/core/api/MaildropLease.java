package edu.hamburger.mail.core.api;

import java.time.Instant;

/** A POP3 session's hold on a maildrop: who holds it, for how long it asked, until when it runs. */
public record MaildropLease(String holder, int seconds, Instant expiresAt) {
}
