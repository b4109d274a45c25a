package edu.hamburger.mail.mailbox.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A mail account: one address, a bcrypt password hash, a quota. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    /** 1 GiB unless the operator says otherwise. */
    public static final long DEFAULT_QUOTA_BYTES = 1L << 30;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "domain_id")
    public MailDomain domain;

    @Column(name = "local_part", nullable = false)
    public String localPart;

    /** Lower-cased {@code local@domain}: the lookup key. */
    @Column(nullable = false, unique = true)
    public String address;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "quota_bytes", nullable = false)
    public long quotaBytes = DEFAULT_QUOTA_BYTES;

    /** How many messages the account may hold (IMAP QUOTA's MESSAGE resource); null: no limit. */
    @Column(name = "quota_messages")
    public Long quotaMessages;

    /** Logins refused everywhere; mail is still received. */
    @Column(nullable = false)
    public boolean disabled;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Uni<Account> findByAddress(String address) {
        return find("address", address.toLowerCase(java.util.Locale.ROOT)).firstResult();
    }
}
