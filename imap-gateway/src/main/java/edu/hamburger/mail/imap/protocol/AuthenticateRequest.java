package edu.hamburger.mail.imap.protocol;

import java.util.Locale;

/** AUTHENTICATE mechanism [initial-response] (RFC 3501 §6.2.2, RFC 4959 SASL-IR). */
record AuthenticateRequest(String mechanism, String initialResponse) implements ImapRequest {

    static AuthenticateRequest parse(ImapArguments args, Context context) {
        args.space();
        String mechanism = args.atom().toUpperCase(Locale.ROOT);
        String initial = null;
        if (args.optionalSpace()) {
            initial = args.atom();
        }
        args.end();
        return new AuthenticateRequest(mechanism, initial);
    }

    @Override
    public String toString() {
        return "AuthenticateRequest[mechanism=" + mechanism + "]";
    }
}
