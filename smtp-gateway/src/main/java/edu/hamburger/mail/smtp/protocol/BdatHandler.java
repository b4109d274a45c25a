package edu.hamburger.mail.smtp.protocol;

import io.smallrye.mutiny.Uni;
import java.util.Locale;

/**
 * BDAT (RFC 3030 CHUNKING): "BDAT size [LAST]". The chunk's octets follow the command line at
 * once, so the transport always reads them, even when the command is refused (§3, §4.2).
 */
final class BdatHandler implements CommandHandler {

    /** Parsed BDAT arguments, kept on the command until the chunk has been read. */
    record Chunk(long size, boolean last) {
    }

    static final long MAX_CHUNK = 1L << 31;

    @Override
    public Uni<Outcome> handle(SmtpSession session, SmtpCommand command) {
        Chunk chunk = parse(command.argument());
        if (chunk == null) {
            // without a size we cannot know where the chunk ends: the connection cannot continue
            return Uni.createFrom().item(Outcome.close(Replies.syntax("Syntax: BDAT size [LAST]; closing connection")));
        }
        return Uni.createFrom().item(Outcome.bdat(chunk.size(), chunk.last()));
    }

    static Chunk parse(String argument) {
        String[] words = argument.trim().split(" +");
        if (words.length < 1 || words.length > 2 || words[0].isEmpty() || words[0].length() > 10
                || !words[0].chars().allMatch(Character::isDigit)) {
            return null;
        }
        boolean last = words.length == 2;
        if (last && !words[1].toUpperCase(Locale.ROOT).equals("LAST")) {
            return null;
        }
        long size = Long.parseLong(words[0]);
        return size >= MAX_CHUNK ? null : new Chunk(size, last);
    }
}
