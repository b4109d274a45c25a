package edu.hamburger.mail.core.thread;

import java.time.Instant;
import java.util.List;

/**
 * What threading needs of one message (RFC 5256 §3).
 *
 * @param uid        the message in its mailbox; mailbox order breaks ties between equal dates
 * @param messageId  its Message-ID, or null
 * @param references the msg-ids of its References field, oldest first, else its In-Reply-To's first
 * @param subject    its decoded Subject, or null
 * @param sentDate   its Date:, else its internal date (RFC 5256 §2.2)
 */
public record ThreadInput(long uid, String messageId, List<String> references, String subject, Instant sentDate) {

    public ThreadInput {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** The references of a message from its References and In-Reply-To fields as written. */
    public static List<String> references(String referencesField, String inReplyToField) {
        List<String> ids = MessageIds.parse(referencesField);
        if (ids.isEmpty()) {
            String parent = MessageIds.first(inReplyToField);
            return parent == null ? List.of() : List.of(parent);
        }
        return ids;
    }
}
