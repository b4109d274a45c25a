package edu.hamburger.mail.core.api;

/** Body of {@code POST .../mailboxes/{id}/subscription}: IMAP SUBSCRIBE / UNSUBSCRIBE. */
public record Subscription(boolean subscribed) {
}
