package edu.hamburger.mail.mailbox.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import edu.hamburger.mail.mailbox.login.LoginSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt for account passwords (why bcrypt, and why this cost: docs/security.md). Hashing and
 * checking cost a tenth of a second of CPU on purpose, so callers run them off the event loop
 * ({@code VerificationSlots} for logins). Hashes of any bcrypt cost verify; {@link #needsRehash}
 * says when a good login should store a hash of the configured cost instead.
 */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;

    @Inject
    public PasswordHasher(LoginSettings settings) {
        this(settings.bcryptCost());
    }

    public PasswordHasher(int cost) {
        if (cost < 10 || cost > 16) {
            throw new IllegalArgumentException("mail.auth.bcrypt-cost must be 10 to 16, not " + cost);
        }
        this.cost = cost;
    }

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.US_ASCII)).verified;
    }

    /** True when the stored hash is not a bcrypt hash ($2a$, $2b$, $2y$) of the configured cost. */
    public boolean needsRehash(String hash) {
        if (hash == null || hash.length() < 7 || !hash.startsWith("$2") || hash.charAt(3) != '$') {
            return true;
        }
        try {
            return Integer.parseInt(hash.substring(4, 6)) != cost;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
