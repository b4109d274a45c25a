package edu.hamburger.mail.pop3.protocol;

import edu.hamburger.mail.core.api.AccountRef;

/**
 * The state of one POP3 connection (RFC 1939 §3): AUTHORIZATION until a login opens the maildrop,
 * then TRANSACTION; QUIT in TRANSACTION is the UPDATE state. Invariants: the maildrop and its lease
 * exist exactly in TRANSACTION; STLS is possible only in AUTHORIZATION and before TLS.
 */
public final class Pop3Session {

    public enum State { AUTHORIZATION, TRANSACTION, CLOSED }

    private final String clientAddress;
    private final boolean loopback;
    private final String id;
    private final boolean tlsAvailable;
    private boolean tls;
    /** Volatile: a login waiting for the maildrop reads it on a timer's thread while a close sets it. */
    private volatile State state = State.AUTHORIZATION;
    private String pendingUser;
    private AccountRef account;
    private Maildrop maildrop;
    private int authFailures;

    public Pop3Session(String clientAddress, boolean loopback, boolean tls, boolean tlsAvailable, String id) {
        this.clientAddress = clientAddress;
        this.loopback = loopback;
        this.tls = tls;
        this.tlsAvailable = tlsAvailable;
        this.id = id;
    }

    public String id() {
        return id;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public boolean loopback() {
        return loopback;
    }

    public boolean tls() {
        return tls;
    }

    public boolean canStartTls() {
        return tlsAvailable && !tls && state == State.AUTHORIZATION;
    }

    public void tlsStarted() {
        tls = true;
        pendingUser = null;
    }

    public State state() {
        return state;
    }

    public String pendingUser() {
        return pendingUser;
    }

    public void pendingUser(String user) {
        pendingUser = user;
    }

    public int countAuthFailure() {
        pendingUser = null;
        return ++authFailures;
    }

    public void opened(AccountRef owner, Maildrop drop) {
        account = owner;
        maildrop = drop;
        state = State.TRANSACTION;
        pendingUser = null;
    }

    public AccountRef account() {
        return account;
    }

    public Maildrop maildrop() {
        return maildrop;
    }

    public void closed() {
        state = State.CLOSED;
    }
}
