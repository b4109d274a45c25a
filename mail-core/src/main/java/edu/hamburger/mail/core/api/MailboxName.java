package edu.hamburger.mail.core.api;

/**
 * Body of {@code POST .../mailboxes} (create) and {@code POST .../mailboxes/{id}/rename}: a
 * mailbox name in Unicode, levels separated by {@link MailboxInfo#DELIMITER}.
 */
public record MailboxName(String name) {
}
