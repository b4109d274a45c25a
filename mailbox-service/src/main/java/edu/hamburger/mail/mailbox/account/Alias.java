package edu.hamburger.mail.mailbox.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An address delivering to an account; {@code @domain} is the domain's catch-all. */
@Entity
@Table(name = "alias")
public class Alias extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String address;

    @ManyToOne(optional = false)
    @JoinColumn(name = "account_id")
    public Account account;
}
