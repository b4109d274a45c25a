package edu.hamburger.mail.imap;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** imap-gateway's settings ({@code mail.imap.*}, environment {@code MAIL_IMAP_*}); see docs/configuration.md. */
@ConfigMapping(prefix = "mail.imap")
public interface ImapSettings {

    Optional<String> hostname();

    /** IMAP with STARTTLS (143 in production). */
    @WithDefault("3143")
    int port();

    /** IMAP inside TLS from the first byte (993 in production). */
    @WithDefault("3993")
    int tlsPort();

    @WithDefault("0.0.0.0")
    String bindAddress();

    /** ManageSieve (RFC 5804, 4190 in production and here); -1 turns it off, 0 takes a free port (tests). */
    @io.smallrye.config.WithName("managesieve-port")
    @WithDefault("4190")
    int manageSievePort();

    /**
     * Longest command line between literals, CRLF included: Dovecot's 64 KiB, since an ID of 30
     * fields with 1024-octet values (RFC 2971's own limits) is a legal 32 KiB line.
     */
    @WithDefault("65536")
    int maxLine();

    /** Largest whole command (lines and literals) other than APPEND's message. */
    @WithDefault("65536")
    int maxCommand();

    /** Largest literal before login: a login needs little, and nothing is allocated for more. */
    @WithDefault("4096")
    int maxLiteralBeforeLogin();

    /** APPENDLIMIT: the largest message a client may append. */
    @WithDefault("26214400")
    long appendLimit();

    /**
     * Octets of commands with literals (APPEND's messages) this process holds at once over all
     * sessions; a literal past it is refused with NO [UNAVAILABLE] (before "+" for a synchronizing
     * one), and the client tries again later.
     */
    @WithDefault("67108864")
    long maxMessageBytesInFlight();

    /** Memory for message bytes that never change (sections up to 1 MiB each), shared by all sessions. */
    @WithDefault("67108864")
    long cacheBytes();

    /** RFC 3501 §5.4: at least 30 minutes once logged in. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** Before login a connection gets less time. */
    @WithDefault("60s")
    Duration loginTimeout();

    @WithDefault("3")
    int maxAuthFailures();

    @WithDefault("1s")
    Duration failedLoginDelay();

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
