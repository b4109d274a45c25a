package edu.hamburger.mail.mailbox.client;

import edu.hamburger.mail.core.api.DkimSigningKey;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The relay's view of the DKIM keys: a domain's active keys (sealed), remembered for a minute so a
 * queue of mail for one domain asks once, and a key rotation reaches the relays within a minute.
 */
@ApplicationScoped
public class MailboxSigningKeys {

    static final Duration TTL = Duration.ofMinutes(1);

    private final ExpiringCache<String, List<DkimSigningKey>> cache = new ExpiringCache<>(TTL, 10_000);

    @RestClient
    MailboxApi api;

    /** Fails when mailbox-service does not answer; an empty list for a domain with no keys. */
    public Uni<List<DkimSigningKey>> of(String domain) {
        List<DkimSigningKey> cached = cache.get(domain);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return api.signingKeys(domain).invoke(keys -> cache.put(domain, List.copyOf(keys)));
    }
}
