package edu.hamburger.mail.core.api;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.MessageEnvelope;
import java.time.Instant;
import java.util.List;

/**
 * One message of a mailbox listing. {@code envelope} and {@code bodyStructure} are present only
 * when the caller asked for them ({@code include=envelope,bodystructure}).
 *
 * @param flags   IMAP system flags ({@code \Seen}, ...) and keywords, in that order
 * @param emailId the stored message's id: the same in every mailbox that holds a copy of it, never
 *                another message's (IMAP OBJECTID's EMAILID, RFC 8474); 0 where not known
 * @param preview  the first words of its text (with the envelope only), or null when it has none or
 *                 was stored before previews were kept
 * @param sentDate its Date field as parsed when it was stored (with the envelope only), or null when
 *                 it has none that reads
 */
public record MessageSummary(
        long uid,
        List<String> flags,
        long modseq,
        Instant internalDate,
        long size,
        MessageEnvelope envelope,
        BodyPart bodyStructure,
        long emailId,
        String preview,
        Instant sentDate) {
}
