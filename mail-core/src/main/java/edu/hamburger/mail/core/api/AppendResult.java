package edu.hamburger.mail.core.api;

/** The UID a new message got (UIDPLUS APPENDUID) and the modseq of the change. */
public record AppendResult(long mailboxId, long uidValidity, long uid, long modseq) {
}
