package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.core.api.RecipientLookup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Identity questions the protocol gateways ask mailbox-service: "whose password is this?" and
 * "what happens to mail for this address?". Recipient answers are cached briefly (as Postfix's
 * proxymap or verify cache would) because an SMTP session asks them on every RCPT.
 */
@ApplicationScoped
public class MailboxAccounts {

    static final Duration RECIPIENT_CACHE_TTL = Duration.ofSeconds(30);
    static final Duration AUTH_CACHE_TTL = Duration.ofSeconds(60);
    static final int CACHE_SIZE = 10_000;

    private final ExpiringCache<String, RecipientLookup> recipients = new ExpiringCache<>(RECIPIENT_CACHE_TTL, CACHE_SIZE);

    /**
     * Successful logins are remembered for a minute (Dovecot's auth_cache does the same): a client
     * that logs in every few seconds must not cost a bcrypt check each time. The key is a SHA-256
     * of user and password, so no password is kept; failures are never cached; a changed
     * password is noticed within the TTL.
     */
    private final ExpiringCache<String, AccountRef> logins = new ExpiringCache<>(AUTH_CACHE_TTL, CACHE_SIZE);

    @RestClient
    MailboxApi api;

    /** The account, or null when mailbox-service says the credentials are wrong. Other failures fail the Uni. */
    public Uni<AccountRef> authenticate(String username, String password) {
        String key = loginKey(username, password);
        AccountRef cached = logins.get(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return api.authenticate(new AuthenticateRequest(username, password))
                .invoke(account -> logins.put(key, account))
                .onFailure(e -> e instanceof StoreException refused && refused.code() == ErrorCode.UNAUTHENTICATED)
                .recoverWithNull();
    }

    private static String loginKey(String username, String password) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(username.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public Uni<RecipientLookup> recipient(String address) {
        String key = address.toLowerCase(java.util.Locale.ROOT);
        RecipientLookup cached = recipients.get(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return api.recipient(address).invoke(lookup -> recipients.put(key, lookup));
    }
}
