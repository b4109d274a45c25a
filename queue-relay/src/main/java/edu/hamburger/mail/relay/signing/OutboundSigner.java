package edu.hamburger.mail.relay.signing;

import edu.hamburger.mail.auth.AuthorDomain;
import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.auth.dkim.DkimSigner;
import edu.hamburger.mail.auth.dkim.KeySealer;
import edu.hamburger.mail.core.api.DkimSigningKey;
import edu.hamburger.mail.core.message.HeaderSection;
import edu.hamburger.mail.core.reactive.OffLoop;
import edu.hamburger.mail.core.record.MailRecord;
import edu.hamburger.mail.mailbox.client.MailboxSigningKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one place outbound mail is DKIM-signed: every message leaving the platform passes the relay,
 * submissions and the relay's own bounces alike, and is signed on its first attempt only; the
 * deferred copy on a delay topic carries the signed bytes, so a retry never signs again. The
 * signing domain is the author's (the From domain) or the nearest parent that has keys, which is
 * what DMARC alignment asks. While mailbox-service cannot say which keys to use, the message waits
 * (an unsigned copy could be refused under the domain's own DMARC policy).
 */
@ApplicationScoped
public class OutboundSigner {

    private static final Logger LOG = Logger.getLogger(OutboundSigner.class);

    @Inject
    MailboxSigningKeys keys;

    @Inject
    MeterRegistry registry;

    /** The key-encryption key mailbox-service sealed the keys with (MAIL_DKIM_KEY_ENCRYPTION_KEY); unset: nothing is signed. */
    @ConfigProperty(name = "mail.dkim.key-encryption-key")
    Optional<String> keyEncryptionKey;

    /** x=: signatures expire this long after signing (MAIL_DKIM_SIGNATURE_LIFETIME); unset: never. */
    @ConfigProperty(name = "mail.dkim.signature-lifetime")
    Optional<Duration> signatureLifetime;

    Clock clock = Clock.systemUTC();

    private KeySealer sealer;
    private DkimSigner signer;

    @PostConstruct
    void init() {
        sealer = keyEncryptionKey.filter(k -> !k.isBlank()).map(KeySealer::new).orElse(null);
        signer = new DkimSigner(true, signatureLifetime.orElse(null));
        if (sealer == null) {
            LOG.warn("mail.dkim.key-encryption-key is not set: outbound mail is sent without DKIM signatures");
        }
    }

    /** The record to deliver: signed if this is its first attempt and its author's domain has keys. */
    public Uni<MailRecord> sign(MailRecord record) {
        if (sealer == null || record.envelope().attempt() > 0) {
            return Uni.createFrom().item(record);
        }
        HeaderSection header = HeaderSection.parse(record.message(), 0, record.message().length);
        String author = AuthorDomain.of(header);
        if (author == null) {
            return Uni.createFrom().item(record);
        }
        return keysFor(candidates(author.toLowerCase(Locale.ROOT)), 0)
                .onFailure().invoke(e -> LOG.warnf("DKIM keys for %s unknown (%s); %s waits", author, e.toString(), record.envelope().queueId()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .chain(found -> found.isEmpty() ? Uni.createFrom().item(record) : OffLoop.compute(() -> signed(record, header, found)));
    }

    /** The first domain of the list that has keys: the author's, then its parents (mail.crepes.fr, then crepes.fr). */
    private Uni<List<DkimSigningKey>> keysFor(List<String> domains, int index) {
        if (index >= domains.size()) {
            return Uni.createFrom().item(List.of());
        }
        return keys.of(domains.get(index)).chain(found -> found.isEmpty() ? keysFor(domains, index + 1) : Uni.createFrom().item(found));
    }

    static List<String> candidates(String domain) {
        List<String> candidates = new ArrayList<>();
        String current = domain;
        while (current.indexOf('.') > 0) {
            candidates.add(current);
            current = current.substring(current.indexOf('.') + 1);
        }
        return candidates;
    }

    private MailRecord signed(MailRecord record, HeaderSection header, List<DkimSigningKey> found) {
        List<DkimSigner.SigningKey> usable = new ArrayList<>();
        for (DkimSigningKey key : found) {
            DkimAlgorithm algorithm = DkimAlgorithm.ofTag(key.algorithm());
            try {
                byte[] pkcs8 = sealer.unseal(Base64.getDecoder().decode(key.sealedKey()), key.domain(), key.selector());
                usable.add(new DkimSigner.SigningKey(key.domain(), key.selector(), algorithm, algorithm.privateKey(pkcs8)));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a relay with another key-encryption key than mailbox-service: say so loudly, send unsigned
                LOG.errorf("DKIM key %s of %s does not open with this relay's mail.dkim.key-encryption-key: %s",
                        key.selector(), key.domain(), e.toString());
                registry.counter("mail.relay.dkim.signatures", "result", "key-unusable").increment();
            }
        }
        if (usable.isEmpty()) {
            return record;
        }
        byte[] message = signer.sign(record.message(), header, usable, clock.instant());
        registry.counter("mail.relay.dkim.signatures", "result", "signed").increment(usable.size());
        LOG.debugf("%s: signed for %s with %d key(s)", record.envelope().queueId(), usable.get(0).domain(), usable.size());
        return new MailRecord(record.envelope(), message);
    }
}
