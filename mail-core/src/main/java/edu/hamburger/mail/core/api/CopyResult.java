package edu.hamburger.mail.core.api;

import java.util.List;

/**
 * COPY / MOVE outcome (UIDPLUS COPYUID): the target's UIDVALIDITY and, pair by pair, each source
 * UID and the UID its copy got. Empty lists when nothing matched.
 */
public record CopyResult(long uidValidity, List<Long> sourceUids, List<Long> targetUids) {
}
