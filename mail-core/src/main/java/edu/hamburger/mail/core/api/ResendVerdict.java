package edu.hamburger.mail.core.api;

/** The answer to a {@link ResendClaim}: {@code original} is the first copy's queue id for a re-send, else null. */
public record ResendVerdict(String original) {
}
