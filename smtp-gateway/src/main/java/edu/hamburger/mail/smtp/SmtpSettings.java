package edu.hamburger.mail.smtp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** smtp-gateway's settings ({@code mail.smtp.*}, environment {@code MAIL_SMTP_*}); see docs/configuration.md. */
@ConfigMapping(prefix = "mail.smtp")
public interface SmtpSettings {

    /** The name in the greeting, Received: and replies; the deployment's mail domain by default. */
    Optional<String> hostname();

    /** Port of the MX listener (25 in production). */
    @WithDefault("3025")
    int mxPort();

    /** Port of the submission listener, STARTTLS and AUTH required (587). */
    @WithDefault("3587")
    int submissionPort();

    /** Port of the implicit-TLS submission listener (465). */
    @WithDefault("3465")
    int smtpsPort();

    /** Address the listeners bind. */
    @WithDefault("0.0.0.0")
    String bindAddress();

    /** Largest message accepted, advertised as SIZE. */
    @WithDefault("26214400")
    int maxMessageSize();

    @WithDefault("100")
    int maxRecipients();

    /** The webmail's submission credential: this name ... (docs/security.md; MasterUser). */
    @WithDefault("webmail")
    String masterUser();

    /** ... with this secret may submit on behalf of any local account; unset: nobody may. */
    java.util.Optional<String> masterSecret();

    /**
     * Message octets this process holds at once over all sessions (DATA and BDAT); past it a
     * message is read to its end and answered 452 4.3.1. The heap needs about four times this
     * (the message is copied while a Received: line is added and while Kafka sends it).
     */
    @WithDefault("67108864")
    long maxMessageBytesInFlight();

    /** Longest command line, CRLF included (RFC 5321 §4.5.3.1.4 asks at least 512). */
    @WithDefault("2048")
    int maxCommandLine();

    /** Longest AUTH response line (RFC 4954 §4 asks at least 12288). */
    @WithDefault("12288")
    int maxAuthLine();

    /** Errors before the session is closed with 421. */
    @WithDefault("10")
    int maxErrors();

    /** Commands other than MAIL before a transaction starts (NOOP, RSET, VRFY, HELP...). */
    @WithDefault("30")
    int maxCommandsBeforeMail();

    /** Simultaneous connections from one client address. */
    @WithDefault("20")
    int maxConnectionsPerClient();

    /** Connections all clients together may hold. */
    @WithDefault("2000")
    int maxConnections();

    /** Failed AUTH attempts before the session is closed. */
    @WithDefault("3")
    int maxAuthFailures();

    /** Unknown recipients a session may name before each further "User unknown" is slowed. */
    @WithDefault("3")
    int unknownRecipientsBeforeDelay();

    /** The delay per unknown recipient beyond those (it grows with each, up to 10 s). */
    @WithDefault("1s")
    Duration unknownRecipientDelay();

    /** How long the answer to a failed AUTH waits, so guessing is slow. */
    @WithDefault("1s")
    Duration failedLoginDelay();

    /** Idle time allowed while waiting for a command (RFC 5321 §4.5.3.2.7: at least 5 minutes). */
    @WithDefault("5m")
    Duration commandTimeout();

    /** Idle time allowed while waiting for message data (§4.5.3.2.6: 3 minutes per chunk; we allow more). */
    @WithDefault("10m")
    Duration dataTimeout();

    /** Longest wait for Kafka to acknowledge a message before answering 451 4.3.0. */
    @WithDefault("20s")
    Duration queueTimeout();

    /** Allow AUTH without TLS from 127.0.0.1/::1 (development only). */
    @WithDefault("false")
    boolean allowPlaintextAuthOnLoopback();

    /** PKCS#12 key store with the gateways' key and chain; without it, no STARTTLS and no SMTPS. */
    Optional<String> tlsKeystore();

    Optional<String> tlsKeystorePassword();

    /**
     * How often the key store file is read again; a renewed one (cert-manager rewrote the secret)
     * is used for new connections without a restart. 0 turns the check off.
     */
    @WithDefault("60s")
    java.time.Duration tlsReloadPeriod();
}
