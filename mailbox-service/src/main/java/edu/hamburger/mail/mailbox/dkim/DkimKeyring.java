package edu.hamburger.mail.mailbox.dkim;

import edu.hamburger.mail.mailbox.MailboxSettings;
import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.auth.dkim.KeySealer;
import edu.hamburger.mail.core.api.DkimSigningKey;
import edu.hamburger.mail.mailbox.account.MailDomain;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import edu.hamburger.mail.core.reactive.OffLoop;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes, rotates and retires the DKIM keys of the deployment's domains. Every new domain gets an
 * rsa-sha256 (2048-bit) and an ed25519-sha256 key, both active, so its mail carries both
 * signatures (RFC 8463 §4 advises the pair while Ed25519 support spreads). Private keys are sealed
 * before they reach PostgreSQL; without a key-encryption key no key is made, and the relay sends
 * that domain's mail unsigned (logged at start and in the admin API's answers).
 */
@ApplicationScoped
public class DkimKeyring {

    private static final Logger LOG = Logger.getLogger(DkimKeyring.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Inject
    MailboxSettings settings;

    private KeySealer sealer;

    @PostConstruct
    void init() {
        sealer = settings.dkim().keyEncryptionKey().filter(k -> !k.isBlank()).map(KeySealer::new).orElse(null);
        if (sealer == null) {
            LOG.warn("mail.dkim.key-encryption-key is not set: no DKIM keys can be made, outbound mail is not signed");
        }
    }

    /** Both default keys for a domain that has no key of that algorithm yet; nothing without a key-encryption key. Inside a transaction. */
    public Uni<Void> ensureDefaultKeys(MailDomain domain) {
        if (sealer == null) {
            return Uni.createFrom().voidItem();
        }
        return DkimKey.ofDomain(domain.name).chain(keys -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DkimAlgorithm algorithm : DkimAlgorithm.values()) {
                boolean has = keys.stream().anyMatch(k -> k.algorithm.equals(algorithm.tag()) && k.published());
                if (!has) {
                    chain = chain.chain(() -> create(domain, algorithm, null, true).replaceWithVoid());
                }
            }
            return chain;
        });
    }

    /**
     * A new key; {@code activate}: it signs from now on (the domain's active key of the same
     * algorithm, if any, becomes retiring), else it is only published. Inside a transaction.
     */
    public Uni<DkimKey> create(MailDomain domain, DkimAlgorithm algorithm, String selector, boolean activate) {
        if (sealer == null) {
            throw new MailboxException(edu.hamburger.mail.core.api.ErrorCode.INVALID,
                    "DKIM keys need mail.dkim.key-encryption-key (MAIL_DKIM_KEY_ENCRYPTION_KEY) to be set");
        }
        return DkimKey.ofDomain(domain.name).chain(existing -> {
            String name = selector != null ? selector : freeSelector(algorithm, existing);
            if (existing.stream().anyMatch(k -> k.selector.equals(name))) {
                throw MailboxException.conflict("selector " + name + " of " + domain.name + " exists (retired selectors are never reused)");
            }
            // an RSA key takes a good fraction of a second to make: on a worker, back on the session's context
            return OffLoop.compute(algorithm::generate).chain(pair -> {
                DkimKey key = new DkimKey();
                key.domain = domain;
                key.selector = name;
                key.algorithm = algorithm.tag();
                key.state = DkimKey.PUBLISHED;
                key.publicKey = algorithm.dnsPublicKey(pair.getPublic());
                key.sealedKey = sealer.seal(pair.getPrivate().getEncoded(), domain.name, name);
                Uni<DkimKey> persisted = key.<DkimKey>persist();
                return activate ? persisted.call(Panache::flush).chain(k -> activate(domain.name, name)) : persisted;
            });
        });
    }

    /** The key signs from now; the one it replaces stays published as retiring. Inside a transaction. */
    public Uni<DkimKey> activate(String domain, String selector) {
        return DkimKey.find(domain, selector).chain(key -> {
            if (key == null || DkimKey.RETIRED.equals(key.state)) {
                throw MailboxException.notFound("DKIM key " + selector + " of " + domain);
            }
            if (DkimKey.ACTIVE.equals(key.state)) {
                return Uni.createFrom().item(key);
            }
            return DkimKey.<DkimKey>list("domain = ?1 and algorithm = ?2 and state = ?3", key.domain, key.algorithm, DkimKey.ACTIVE)
                    .call(previous -> {
                        previous.forEach(p -> p.state = DkimKey.RETIRING);
                        return Panache.flush();
                    })
                    .map(previous -> {
                        key.state = DkimKey.ACTIVE;
                        key.activatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                        return key;
                    });
        });
    }

    /** Gone from DNS and its private key wiped; an active key must be replaced first. Inside a transaction. */
    public Uni<DkimKey> retire(String domain, String selector) {
        return DkimKey.find(domain, selector).map(key -> {
            if (key == null || DkimKey.RETIRED.equals(key.state)) {
                throw MailboxException.notFound("DKIM key " + selector + " of " + domain);
            }
            if (DkimKey.ACTIVE.equals(key.state)) {
                throw MailboxException.conflict("key " + selector + " still signs: activate its successor first");
            }
            key.state = DkimKey.RETIRED;
            key.sealedKey = null;
            key.retiredAt = OffsetDateTime.now(ZoneOffset.UTC);
            return key;
        });
    }

    /** The active keys of a domain, sealed, for the relay. */
    public Uni<List<DkimSigningKey>> signingKeys(String domain) {
        return DkimKey.<DkimKey>list("domain.name = ?1 and state = ?2 order by algorithm desc", domain, DkimKey.ACTIVE)
                .map(keys -> keys.stream().map(k -> new DkimSigningKey(domain, k.selector, k.algorithm,
                        Base64.getEncoder().encodeToString(k.sealedKey))).toList());
    }

    /** "rsa20261203", "ed20261203", then "rsa20261203b" ... */
    static String freeSelector(DkimAlgorithm algorithm, List<DkimKey> existing) {
        String base = (algorithm == DkimAlgorithm.RSA_SHA256 ? "rsa" : "ed") + LocalDate.now(ZoneOffset.UTC).format(DAY);
        List<String> taken = existing.stream().map(k -> k.selector).toList();
        String name = base;
        for (char suffix = 'b'; taken.contains(name); suffix++) {
            name = base + suffix;
        }
        return name;
    }
}
