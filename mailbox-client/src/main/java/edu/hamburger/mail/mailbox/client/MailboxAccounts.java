package edu.hamburger.mail.mailbox.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.RecipientLookup;
import edu.hamburger.mail.core.api.StoreException;
import edu.hamburger.mail.core.event.MailboxChange;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Identity questions the protocol gateways ask mailbox-service: "whose password is this?" and
 * "what happens to mail for this address?". Recipient answers are cached briefly (as Postfix's
 * proxymap or verify cache would) because an SMTP session asks them on every RCPT; accepted
 * logins are cached for long in {@link VerifiedCredentials}, voided by {@code CREDENTIALS_CHANGED}.
 */
@ApplicationScoped
public class MailboxAccounts {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MailboxAccounts.class);

    static final Duration RECIPIENT_CACHE_TTL = Duration.ofSeconds(30);
    static final int CACHE_SIZE = 10_000;

    private final ExpiringCache<String, RecipientLookup> recipients = new ExpiringCache<>(RECIPIENT_CACHE_TTL, CACHE_SIZE);

    @RestClient
    MailboxApi api;

    @Inject
    ObjectMapper json;

    /** How long an accepted login is remembered; 0 turns the cache (and its change feed) off. */
    @ConfigProperty(name = "mail.auth.cache-ttl", defaultValue = "1h")
    Duration cacheTtl;

    /** The HMAC key of the cache's entries; random per process when unset. */
    @ConfigProperty(name = "mail.auth.cache-key")
    Optional<String> cacheKey;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    Optional<String> bootstrap;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "gateway")
    String service;

    private volatile MailboxChangeTail credentialFeed;
    private VerifiedCredentials logins;

    @jakarta.annotation.PostConstruct
    void init() {
        logins = new VerifiedCredentials(cacheTtl, CACHE_SIZE, cacheKey.map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null),
                () -> credentialFeed != null && credentialFeed.reading());
    }

    void start(@Observes StartupEvent event) {
        if (!cacheTtl.isZero() && bootstrap.filter(b -> !b.isBlank()).isPresent()) {
            // only CREDENTIALS_CHANGED matters here, and a quarter second of gathering is well within
            // the second a changed password may still work: every message filed is a change
            // event, which this feed need neither fetch one by one nor parse
            credentialFeed = new MailboxChangeTail(bootstrap.get(), service + "-credentials", json, this::changed,
                    Set.of(MailboxChange.Kind.CREDENTIALS_CHANGED), Duration.ofMillis(250));
            credentialFeed.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (credentialFeed != null) {
            credentialFeed.stop();
        }
    }

    /** Given only CREDENTIALS_CHANGED: the feed is made for that kind alone. */
    private void changed(MailboxChange change) {
        logins.invalidate(change.accountId());
    }

    /** True once cached logins can be trusted: the credential feed reads (tests wait for it). */
    public boolean credentialCacheReady() {
        return credentialFeed != null && credentialFeed.reading();
    }

    /**
     * The account, or null when mailbox-service says the credentials are wrong. "Not now" (the
     * login policy's back-off, {@link ErrorCode#TRY_LATER}) and other failures fail the Uni.
     *
     * @param clientAddress the client's IP address as the gateway saw it (after a trusted proxy)
     * @param protocol      "smtp", "imap", "pop3", "webmail"
     */
    public Uni<AccountRef> authenticate(String username, String password, String clientAddress, String protocol) {
        AccountRef cached = logins.get(username, password);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long askedAt = logins.generation();
        return api.authenticate(new AuthenticateRequest(username, password, clientAddress, protocol))
                .invoke(account -> logins.put(username, password, account, askedAt))
                .onFailure(e -> e instanceof StoreException refused && refused.code() == ErrorCode.UNAUTHENTICATED)
                .recoverWithNull();
    }

    public Uni<RecipientLookup> recipient(String address) {
        String key = address.toLowerCase(java.util.Locale.ROOT);
        RecipientLookup cached = recipients.get(key);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return api.recipient(address).invoke(lookup -> recipients.put(key, lookup));
    }

    /**
     * The queue id of the first copy when this record is a client's re-send of it, else null. A
     * failed question answers null: the record is then sent (at worst twice), never held back.
     */
    public Uni<String> resendOriginal(edu.hamburger.mail.core.api.ResendClaim claim) {
        return api.resendClaim(claim).map(edu.hamburger.mail.core.api.ResendVerdict::original)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("asking whether %s is a re-send failed, sending it: %s", claim.queueId(), e.toString());
                    return null;
                });
    }
}
