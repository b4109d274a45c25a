package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.AccountRef;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins mailbox-service accepted, remembered so that a client logging in every minute costs one
 * hash check an hour (Dovecot's auth_cache, with a long TTL). It keeps no password: the key is an
 * HMAC-SHA256 of user name and password under a secret ({@code mail.auth.cache-key}, else random
 * per process). Failures are never kept. An account's entries go at once when its credentials
 * change ({@link #invalidate}, fed by {@code CREDENTIALS_CHANGED} on {@code mailbox.changes});
 * while the feed is not known to be reading ({@code feedReading} false) nothing is served from
 * here, because an invalidation could have been missed.
 */
final class VerifiedCredentials {

    private final ExpiringCache<String, AccountRef> entries;
    private final SecretKeySpec key;
    private final BooleanSupplier feedReading;
    private final boolean enabled;
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    VerifiedCredentials(Duration ttl, int maxSize, byte[] secret, BooleanSupplier feedReading) {
        this.enabled = !ttl.isZero() && !ttl.isNegative();
        this.entries = new ExpiringCache<>(enabled ? ttl : Duration.ofSeconds(1), maxSize);
        byte[] material = secret == null || secret.length == 0 ? randomSecret() : secret;
        this.key = new SecretKeySpec(material, "HmacSHA256");
        this.feedReading = feedReading;
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    /** The account these credentials opened, when that is known and still valid; else null. */
    AccountRef get(String username, String password) {
        if (!usable()) {
            return null;
        }
        return entries.get(digest(username, password));
    }

    /** Moves on with every invalidation: an answer asked for before one is not cached after it. */
    long generation() {
        return generation.get();
    }

    /** Caches an accepted login, unless an invalidation came since {@code askedAt} (a {@link #generation()}). */
    void put(String username, String password, AccountRef account, long askedAt) {
        if (usable() && generation.get() == askedAt) {
            entries.put(digest(username, password), account);
        }
    }

    /** Every cached login of this account ends now. */
    void invalidate(long accountId) {
        generation.incrementAndGet();
        entries.removeValues(account -> account.accountId() == accountId);
    }

    private boolean usable() {
        if (!enabled) {
            return false;
        }
        if (!feedReading.getAsBoolean()) {
            generation.incrementAndGet();
            entries.clear(); // a gap in the feed: what we hold may have been revoked meanwhile
            return false;
        }
        return true;
    }

    private String digest(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
