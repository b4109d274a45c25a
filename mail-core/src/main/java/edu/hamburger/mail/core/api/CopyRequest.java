package edu.hamburger.mail.core.api;

/** {@code POST .../copy}: a UID set of the source mailbox, the target mailbox id, and whether to move. */
public record CopyRequest(String uids, long targetMailboxId, boolean move) {
}
