package edu.hamburger.mail.core.api;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.MessageEnvelope;
import java.time.Instant;
import java.util.List;

/**
 * One message of a mailbox listing. {@code envelope} and {@code bodyStructure} are present only
 * when the caller asked for them ({@code include=envelope,bodystructure}).
 *
 * @param flags IMAP system flags ({@code \Seen}, ...) and keywords, in that order
 */
public record MessageSummary(
        long uid,
        List<String> flags,
        long modseq,
        Instant internalDate,
        long size,
        MessageEnvelope envelope,
        BodyPart bodyStructure) {
}
