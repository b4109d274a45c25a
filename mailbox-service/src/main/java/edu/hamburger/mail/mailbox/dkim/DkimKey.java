package edu.hamburger.mail.mailbox.dkim;

import edu.hamburger.mail.mailbox.account.MailDomain;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;

/** One DKIM key of a domain (V6__dkim_keys.sql explains the states). */
@Entity
@Table(name = "dkim_key")
public class DkimKey extends PanacheEntityBase {

    public static final String PUBLISHED = "published";
    public static final String ACTIVE = "active";
    public static final String RETIRING = "retiring";
    public static final String RETIRED = "retired";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    public MailDomain domain;

    @Column(nullable = false)
    public String selector;

    @Column(nullable = false)
    public String algorithm;

    @Column(nullable = false)
    public String state;

    /** The p= value's octets: a SubjectPublicKeyInfo for RSA, 32 octets for Ed25519. */
    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "sealed_key")
    public byte[] sealedKey;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "activated_at")
    public OffsetDateTime activatedAt;

    @Column(name = "retired_at")
    public OffsetDateTime retiredAt;

    public static Uni<List<DkimKey>> ofDomain(String domain) {
        return list("domain.name = ?1 order by createdAt, id", domain);
    }

    public static Uni<DkimKey> find(String domain, String selector) {
        return find("domain.name = ?1 and selector = ?2", domain, selector).firstResult();
    }

    /** Published in DNS: every state but retired. */
    public boolean published() {
        return !RETIRED.equals(state);
    }
}
