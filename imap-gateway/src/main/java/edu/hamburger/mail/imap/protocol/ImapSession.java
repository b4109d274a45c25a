package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.api.AccountRef;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state of one IMAP connection (RFC 3501 §3): who is logged in, what is selected, which
 * extensions the client enabled, and whether others changed the account's mail since the
 * session last looked. No socket here.
 */
public final class ImapSession {

    public enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    private final String id;
    private final String clientAddress;
    private final boolean loopback;
    private final boolean tlsAvailable;
    private boolean tls;
    private State state = State.NOT_AUTHENTICATED;
    private AccountRef account;
    private SelectedMailbox selected;
    private boolean compressed;
    private final Set<Capability> enabled = EnumSet.noneOf(Capability.class);
    private int authFailures;
    private int badInARow;
    private volatile boolean changed;
    private volatile Runnable wakeUp = () -> { };

    public ImapSession(String id, String clientAddress, boolean loopback, boolean tls, boolean tlsAvailable) {
        this.id = id;
        this.clientAddress = clientAddress;
        this.loopback = loopback;
        this.tls = tls;
        this.tlsAvailable = tlsAvailable;
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

    public boolean tlsAvailable() {
        return tlsAvailable;
    }

    public void tlsStarted() {
        tls = true;
    }

    public State state() {
        return state;
    }

    public AccountRef account() {
        return account;
    }

    public SelectedMailbox selected() {
        return selected;
    }

    void loggedIn(AccountRef who) {
        account = who;
        state = State.AUTHENTICATED;
    }

    void select(SelectedMailbox mailbox) {
        selected = mailbox;
        state = mailbox == null ? State.AUTHENTICATED : State.SELECTED;
    }

    void logout() {
        state = State.LOGOUT;
    }

    /** COMPRESS DEFLATE is on (RFC 4978): a second COMPRESS is refused. */
    public boolean compressed() {
        return compressed;
    }

    void compressionStarted() {
        compressed = true;
    }

    int authFailed() {
        return ++authFailures;
    }

    public boolean enabled(Capability extension) {
        return enabled.contains(extension);
    }

    /** Turns an extension on; QRESYNC brings CONDSTORE with it (RFC 7162 §3.2.3). */
    void enable(Capability extension) {
        if (!extension.enableable()) {
            throw new IllegalArgumentException(extension + " is not enabled by a client");
        }
        enabled.add(extension);
        if (extension == Capability.QRESYNC) {
            enabled.add(Capability.CONDSTORE);
        }
    }

    /** IMAP4rev2's rules are on (RFC 9051): no \Recent, SEARCH answered by ESEARCH, a LIST in SELECT. */
    public boolean rev2() {
        return enabled.contains(Capability.IMAP4REV2);
    }

    /** Mailbox names travel as UTF-8, not modified UTF-7 (RFC 6855 UTF8=ACCEPT, and IMAP4rev2). */
    public boolean utf8Names() {
        return enabled.contains(Capability.UTF8_ACCEPT) || enabled.contains(Capability.IMAP4REV2);
    }

    /** CONDSTORE is on once enabled, or once a command used it (RFC 7162 §3.1). */
    boolean condstore() {
        return enabled.contains(Capability.CONDSTORE);
    }

    /** Called by the change feed (any thread): something in this account changed. */
    public void changed() {
        changed = true;
        wakeUp.run();
    }

    /** Counts BAD answers in a row; any OK or NO starts the count again. */
    void answered(boolean bad) {
        badInARow = bad ? badInARow + 1 : 0;
    }

    int badInARow() {
        return badInARow;
    }

    boolean takeChanged() {
        boolean was = changed;
        changed = false;
        return was;
    }

    /** What to do when a change arrives (the transport wakes an IDLE session). */
    public void onChange(Runnable action) {
        this.wakeUp = action == null ? () -> { } : action;
    }
}
