package edu.hamburger.mail.relay.client;

import edu.hamburger.mail.core.smtp.SmtpReply;

/** A server whose TLS certificate the hop's policy (DANE) did not accept: a validation failure in TLS reports. */
public class PeerRejectedException extends HopRefusedException {

    public PeerRejectedException(SmtpReply reply, String message) {
        super(reply, message);
    }
}
