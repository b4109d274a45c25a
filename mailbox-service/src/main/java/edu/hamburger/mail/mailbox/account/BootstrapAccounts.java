package edu.hamburger.mail.mailbox.account;

import edu.hamburger.mail.mailbox.MailboxSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes the deployment's own domain ({@code mail.domain}) and the accounts listed in
 * {@code mail.bootstrap.users} exist at start-up, as Stalwart's and mox's first-run setup does.
 * Existing accounts are left alone: a restart never resets a password the user changed.
 */
@ApplicationScoped
public class BootstrapAccounts {

    private static final Logger LOG = Logger.getLogger(BootstrapAccounts.class);

    @Inject
    MailboxSettings settings;

    @Inject
    PasswordHasher hasher;

    @Inject
    AccountDirectory directory;

    @Inject
    edu.hamburger.mail.mailbox.dkim.DkimKeyring keyring;

    void onStart(@Observes StartupEvent event) throws Throwable {
        Optional<String> password = settings.bootstrap().password();
        List<String> localParts = settings.bootstrap().users().map(u -> Arrays.stream(u.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList()).orElse(List.of());
        if (!localParts.isEmpty() && password.filter(p -> !p.isEmpty()).isEmpty()) {
            throw new IllegalStateException("mail.bootstrap.users is set but mail.bootstrap.password is empty");
        }
        // bcrypt here, on the start-up thread, not inside the reactive chain on the event loop
        Map<String, String> hashes = new LinkedHashMap<>();
        localParts.forEach(local -> hashes.put(local, hasher.hash(password.get())));
        String domainName = settings.domain().toLowerCase(Locale.ROOT);
        // the deployment's domain gets its DKIM keys here too, once a key-encryption key is set
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> ensureDomain(domainName)
                .call(keyring::ensureDefaultKeys)
                .chain(d -> ensureAccounts(d, hashes))));
    }

    private Uni<MailDomain> ensureDomain(String name) {
        return MailDomain.findByName(name).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            MailDomain created = new MailDomain();
            created.name = name;
            LOG.infof("created domain %s", name);
            return created.<MailDomain>persist();
        });
    }

    private Uni<Void> ensureAccounts(MailDomain mailDomain, Map<String, String> hashes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, String> entry : hashes.entrySet()) {
            String address = entry.getKey() + "@" + mailDomain.name;
            chain = chain.chain(() -> Account.findByAddress(address)).chain(found -> {
                if (found != null) {
                    return Uni.createFrom().voidItem();
                }
                LOG.infof("created account %s", address);
                return directory.create(mailDomain, entry.getKey(), entry.getValue(), Account.DEFAULT_QUOTA_BYTES)
                        .replaceWithVoid();
            });
        }
        return chain;
    }
}
