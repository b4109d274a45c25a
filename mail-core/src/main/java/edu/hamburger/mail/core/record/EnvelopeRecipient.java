package edu.hamburger.mail.core.record;

import edu.hamburger.mail.core.address.MailAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * One RCPT TO of the envelope with its DSN parameters (RFC 3461): NOTIFY (empty when the client
 * gave none, which means the default FAILURE,DELAY behaviour) and ORCPT, kept verbatim as the
 * client sent it (an addr-type, a semicolon and an xtext-encoded address).
 */
public record EnvelopeRecipient(MailAddress address, Set<DsnNotify> notifyOn, String originalRecipient) {

    public EnvelopeRecipient {
        if (address == null) {
            throw new IllegalArgumentException("a recipient needs an address");
        }
        notifyOn = notifyOn == null || notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
        if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values");
        }
    }

    public static EnvelopeRecipient of(MailAddress address) {
        return new EnvelopeRecipient(address, Set.of(), null);
    }
}
