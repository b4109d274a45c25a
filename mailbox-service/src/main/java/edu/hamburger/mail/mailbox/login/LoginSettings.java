package edu.hamburger.mail.mailbox.login;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code mail.auth.*}: the login policy every protocol shares (docs/security.md). */
@ConfigMapping(prefix = "mail.auth")
public interface LoginSettings {

    /** Failures of one account from one client network before back-off starts. */
    @WithDefault("3")
    int failuresBeforeBackoff();

    /** Failures from one client network, over all user names, before that network backs off. */
    @WithDefault("30")
    int clientFailureLimit();

    /**
     * Failures of one account, from anywhere, beyond which every client network gets back-off
     * from its first failure (a spread-out attack). A right password still opens at once.
     */
    @WithDefault("50")
    int accountFailureLimit();

    /** The first wait; it doubles with each further failure. */
    @WithDefault("2s")
    Duration backoffInitial();

    @WithDefault("15m")
    Duration backoffMax();

    /** Failures older than this are forgotten. */
    @WithDefault("1h")
    Duration failureWindow();

    /** Password hashes computed at once by this replica, on threads of their own. */
    @WithDefault("2")
    int maxConcurrentVerifications();

    /** Verifications waiting for a thread; beyond this a login is refused for now, unhashed. */
    @WithDefault("32")
    int maxQueuedVerifications();

    /** bcrypt's cost (log2 of its rounds) for new hashes; older hashes are upgraded on a good login. */
    @WithDefault("11")
    int bcryptCost();
}
