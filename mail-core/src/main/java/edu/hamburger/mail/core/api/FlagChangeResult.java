package edu.hamburger.mail.core.api;

import java.util.List;

/** The messages whose flags changed (with their new flags and modseq) and those refused by UNCHANGEDSINCE. */
public record FlagChangeResult(List<MessageFlags> changed, List<Long> modified, long highestModseq) {

    public record MessageFlags(long uid, List<String> flags, long modseq) {
    }
}
