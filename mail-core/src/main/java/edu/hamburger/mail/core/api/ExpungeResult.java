package edu.hamburger.mail.core.api;

import java.util.List;

/** The UIDs removed, ascending, and the mailbox's HIGHESTMODSEQ after the expunge. */
public record ExpungeResult(List<Long> uids, long highestModseq) {
}
