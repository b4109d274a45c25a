package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.AuthenticateRequest;
import edu.hamburger.mail.core.api.RecipientLookup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Identity questions the protocol gateways ask mailbox-service: "whose password is this?" and
 * "what happens to mail for this address?". Recipient answers are cached briefly (as Postfix's
 * proxymap or verify cache would) because an SMTP session asks them on every RCPT.
 */
@ApplicationScoped
public class MailboxAccounts {

    static final Duration RECIPIENT_CACHE_TTL = Duration.ofSeconds(30);
    static final int RECIPIENT_CACHE_SIZE = 10_000;

    private record Cached(RecipientLookup lookup, long expiresAt) {
    }

    private final Map<String, Cached> recipients = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > RECIPIENT_CACHE_SIZE;
        }
    };

    @RestClient
    MailboxApi api;

    /** The account, or null when mailbox-service says the credentials are wrong. Other failures fail the Uni. */
    public Uni<AccountRef> authenticate(String username, String password) {
        return api.authenticate(new AuthenticateRequest(username, password))
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 401)
                .recoverWithNull();
    }

    public Uni<RecipientLookup> recipient(String address) {
        String key = address.toLowerCase(java.util.Locale.ROOT);
        long now = System.nanoTime();
        synchronized (recipients) {
            Cached cached = recipients.get(key);
            if (cached != null && cached.expiresAt() - now > 0) {
                return Uni.createFrom().item(cached.lookup());
            }
        }
        return api.recipient(address).invoke(lookup -> {
            synchronized (recipients) {
                recipients.put(key, new Cached(lookup, now + RECIPIENT_CACHE_TTL.toNanos()));
            }
        });
    }
}
