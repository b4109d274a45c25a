package edu.hamburger.mail.core.api;

/**
 * Where a mailbox stands, from its own row alone: what a session holding it selected asks to learn
 * whether anything was committed since it last looked. Unlike {@link MailboxInfo} it counts no
 * messages, so its cost does not grow with the mailbox.
 */
public record MailboxState(long id, long uidValidity, long uidNext, long highestModseq) {
}
