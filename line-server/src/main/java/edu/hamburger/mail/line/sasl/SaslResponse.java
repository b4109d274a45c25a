package edu.hamburger.mail.line.sasl;

/** A client's answer in a SASL exchange, decoded by {@link Sasl}; the same for SMTP, POP3, IMAP and ManageSieve. */
public sealed interface SaslResponse {

    /** A user name and password. {@code authzid} is empty unless the client asked to act as someone else. */
    record Credentials(String authzid, String user, String password) implements SaslResponse {

        /**
         * The client asked to act as another user than the one it proves to be. Nobody here may,
         * so it is answered like wrong credentials, and counted as a failed login.
         */
        public boolean impersonates() {
            return !authzid.isEmpty() && !authzid.equalsIgnoreCase(user);
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + "]"; // never the password, in any log
        }
    }

    /** "*": the client gave up (RFC 4954 §4, RFC 5034 §4, RFC 3501 §6.2.2). */
    record Cancelled() implements SaslResponse {
    }

    /** Not base64, or not the shape the mechanism needs. */
    record Malformed(String why) implements SaslResponse {
    }

    /** One step of a multi-step mechanism (LOGIN's user name), decoded. */
    record Text(String value) implements SaslResponse {
    }
}
