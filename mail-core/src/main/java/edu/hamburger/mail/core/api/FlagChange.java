package edu.hamburger.mail.core.api;

import java.util.List;

/**
 * {@code POST .../messages/flags}: IMAP STORE. {@code uids} is a UID set ("1:4,7,9:*").
 * With {@code unchangedSince} (CONDSTORE), messages whose modseq is higher are left alone and
 * returned as {@code modified}.
 */
public record FlagChange(String uids, Mode mode, List<String> flags, Long unchangedSince) {

    public enum Mode {
        ADD, REMOVE, REPLACE
    }
}
