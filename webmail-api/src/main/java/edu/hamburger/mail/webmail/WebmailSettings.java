package edu.hamburger.mail.webmail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything under {@code mail.webmail}; see docs/webmail-api.md. */
@ConfigMapping(prefix = "mail.webmail")
public interface WebmailSettings {

    /**
     * Base64 of 32 random bytes that seals session cookies and bearer tokens (AES-256-GCM). Every
     * replica must have the same key; without one, a random key is made at start-up and sessions
     * last only as long as this process.
     */
    Optional<String> sessionKey();

    /** How long a browser session or a bearer token lasts after login. */
    @WithDefault("12h")
    Duration sessionLifetime();

    /** Secure cookie attribute: leave true unless the webmail is reached over plain HTTP on purpose. */
    @WithDefault("true")
    boolean secureCookie();

    Submission submission();

    Limits limits();

    interface Submission {
        /** smtp-gateway's submission listener (587 in Kubernetes, 3587 locally). */
        @WithDefault("127.0.0.1")
        String host();

        @WithDefault("3587")
        int port();

        /**
         * PEM certificate(s) to trust for STARTTLS to the submission port (the local CA, or the
         * cluster's CA). Without it the JDK's default trust store is used.
         */
        Optional<String> trustedCertificate();

        /** Connect and read timeout of one submission. */
        @WithDefault("30s")
        Duration timeout();

        /**
         * The webmail's own SMTP credential (a master user, as Dovecot's): it authenticates as
         * this name with {@link #masterSecret} and submits on behalf of the signed-in account
         * (SASL PLAIN's authorization identity). smtp-gateway accepts it only with the same pair.
         */
        @WithDefault("webmail")
        String masterUser();

        /** The secret shared with smtp-gateway's {@code mail.smtp.master-secret}; without it nothing can be sent. */
        Optional<String> masterSecret();
    }

    interface Limits {
        /** Recipients (to + cc + bcc) of one message. */
        @WithDefault("100")
        int recipients();

        /** Messages of one page of a message list. */
        @WithDefault("200")
        int pageSize();

        /** Bytes of all attachments of one message together (smtp-gateway's SIZE is 25 MiB; base64 adds a third). */
        @WithDefault("18874368")
        long messageBytes();

        /** Characters of a subject. */
        @WithDefault("998")
        int subjectLength();
    }
}
