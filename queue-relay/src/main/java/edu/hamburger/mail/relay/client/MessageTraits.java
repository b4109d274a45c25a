package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.message.MessageBytes;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;

/**
 * What a message needs from the next server: 8BITMIME when any byte is 8-bit (whatever BODY the
 * sender declared: the bytes decide), SMTPUTF8 when the sender asked for it and an address or a
 * header really is non-ASCII (RFC 6531 §3.4: otherwise the message travels without it).
 */
record MessageTraits(boolean eightBit, boolean needsSmtpUtf8) {

    static MessageTraits of(Envelope envelope, byte[] message) {
        int headerEnd = MessageBytes.headerEnd(message);
        boolean eightBitHeaders = false;
        boolean eightBit = false;
        for (int i = 0; i < message.length; i++) {
            if (message[i] < 0) {
                eightBit = true;
                eightBitHeaders = i < headerEnd;
                break;
            }
        }
        boolean utf8Addresses = (envelope.reversePath().mailbox() != null && !envelope.reversePath().mailbox().isAscii())
                || envelope.recipients().stream().map(EnvelopeRecipient::address).anyMatch(a -> !a.isAscii());
        return new MessageTraits(eightBit, envelope.smtpUtf8() && (utf8Addresses || eightBitHeaders));
    }
}
