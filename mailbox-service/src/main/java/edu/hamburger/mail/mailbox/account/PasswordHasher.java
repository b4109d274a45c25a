package edu.hamburger.mail.mailbox.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt for account passwords. Hashing and checking cost tens of milliseconds of CPU on
 * purpose, so callers run them on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class PasswordHasher {

    /** 2^12 rounds: about 0.2 s on one core of a small server, Dovecot's and mox's order of cost. */
    static final int COST = 12;

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.US_ASCII)).verified;
    }
}
