package edu.hamburger.mail.imap.managesieve;

import edu.hamburger.mail.core.api.AccountRef;

/**
 * One ManageSieve connection's state: who the client is, whether TLS is on, the account once
 * authenticated and how many logins failed. Only the protocol changes it.
 */
final class ManageSieveSession {

    private final String id;
    private final String clientAddress;
    private final boolean loopback;
    private final boolean tlsAvailable;
    private boolean tls;
    private AccountRef account;
    private int failedLogins;

    ManageSieveSession(String id, String clientAddress, boolean loopback, boolean tls, boolean tlsAvailable) {
        this.id = id;
        this.clientAddress = clientAddress;
        this.loopback = loopback;
        this.tls = tls;
        this.tlsAvailable = tlsAvailable;
    }

    String id() {
        return id;
    }

    String clientAddress() {
        return clientAddress;
    }

    boolean loopback() {
        return loopback;
    }

    boolean tls() {
        return tls;
    }

    boolean tlsAvailable() {
        return tlsAvailable;
    }

    void tlsStarted() {
        tls = true;
    }

    AccountRef account() {
        return account;
    }

    void authenticated(AccountRef account) {
        this.account = account;
    }

    void unauthenticate() {
        this.account = null;
    }

    int loginFailed() {
        return ++failedLogins;
    }
}
