package edu.hamburger.mail.pop3;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** pop3-gateway's settings ({@code mail.pop3.*}, environment {@code MAIL_POP3_*}); see docs/configuration.md. */
@ConfigMapping(prefix = "mail.pop3")
public interface Pop3Settings {

    Optional<String> hostname();

    /** POP3 with STLS (110 in production). */
    @WithDefault("3110")
    int port();

    /** POP3 inside TLS from the first byte (995). */
    @WithDefault("3995")
    int tlsPort();

    @WithDefault("0.0.0.0")
    String bindAddress();

    /** Longest command line, CRLF included (RFC 2449 §4: 255 octets; AUTH responses may be longer). */
    @WithDefault("512")
    int maxCommandLine();

    @WithDefault("12288")
    int maxAuthLine();

    /** RFC 1939 §3: an autologout timer of at least 10 minutes. */
    @WithDefault("10m")
    Duration idleTimeout();

    /** Failed logins before the connection is closed; each failure is also delayed. */
    @WithDefault("3")
    int maxAuthFailures();

    @WithDefault("1s")
    Duration failedLoginDelay();

    /** How long a maildrop lease lasts before it must be renewed. */
    @WithDefault("5m")
    Duration leaseDuration();

    /**
     * How long a login waits for another session of the same maildrop to end (its QUIT, or a
     * second device's download) before it answers {@code -ERR [IN-USE]}; 0 answers at once.
     */
    @WithDefault("5s")
    Duration lockWait();

    /** Simultaneous connections from one client address (the same rule as SMTP's). */
    @WithDefault("50")
    int maxConnectionsPerClient();

    /** Connections all clients together may hold. */
    @WithDefault("5000")
    int maxConnections();

    @WithDefault("false")
    boolean allowPlaintextAuthOnLoopback();

    Optional<String> tlsKeystore();

    Optional<String> tlsKeystorePassword();

    /**
     * How often the key store file is read again; a renewed one (cert-manager rewrote the secret)
     * is used for new connections without a restart. 0 turns the check off.
     */
    @WithDefault("60s")
    java.time.Duration tlsReloadPeriod();
}
