package edu.hamburger.mail.smtp.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A service credential that may submit on behalf of any local account, as Dovecot's master users:
 * the webmail authenticates with SASL PLAIN as {@code name} with {@code secret} and names the
 * signed-in account as the authorization identity, so it never needs to keep a user's password.
 * Accepted only on the submission listeners, and only for the account whose own address the
 * authorization identity is. No secret: nobody may act for another.
 */
public record MasterUser(String name, String secret) {

    public static final MasterUser NONE = new MasterUser("", "");

    public MasterUser {
        name = name == null ? "" : name;
        secret = secret == null ? "" : secret;
    }

    /** Constant-time in the secret; false when no secret is configured. */
    boolean matches(String user, String password) {
        return !secret.isEmpty() && name.equals(user)
                & MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MasterUser[" + name + (secret.isEmpty() ? ", off]" : "]");
    }
}
