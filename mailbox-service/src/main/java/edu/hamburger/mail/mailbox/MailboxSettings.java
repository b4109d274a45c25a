package edu.hamburger.mail.mailbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * mailbox-service's {@code mail.*} settings in one typed place (docs/configuration.md); the login
 * policy's {@code mail.auth.*} are {@link edu.hamburger.mail.mailbox.login.LoginSettings}. Every
 * key has its environment form: {@code mail.dns-records.spf} is {@code MAIL_DNS_RECORDS_SPF}.
 */
@ConfigMapping(prefix = "mail")
public interface MailboxSettings {

    /** The deployment's mail domain (its first domain; more are added over the admin API). */
    String domain();

    /** The MX host in the DNS records; {@code mail.<domain>} when unset. */
    Optional<String> mxHostname();

    /** The host {@code mta-sts.<domain>} points at; the MX host when unset. */
    Optional<String> webHostname();

    /**
     * Postfix's recipient_delimiter: bob+lists@ is delivered to bob, and Sieve's :detail is
     * "lists"; "none" turns subaddressing off.
     */
    @WithDefault("+")
    String subaddressSeparator();

    /** The separator to split at, or "" when subaddressing is off. */
    default String subaddressSplit() {
        return subaddressSeparator().equals("none") ? "" : subaddressSeparator();
    }

    /** The quota of an account created without one. */
    @WithDefault("1073741824")
    long defaultQuotaBytes();

    InternalApi internalApi();

    AdminApi adminApi();

    Bootstrap bootstrap();

    Dkim dkim();

    Dns dns();

    DnsRecords dnsRecords();

    MtaSts mtaSts();

    Dmarc dmarc();

    TlsReports tlsReports();

    ResendSuppression resendSuppression();

    Metrics metrics();

    Sieve sieve();

    /** Each service's bearer token for the internal API, or one shared token (local stack, tests). */
    interface InternalApi {
        Optional<String> token();

        Optional<String> smtpToken();

        Optional<String> imapToken();

        Optional<String> pop3Token();

        Optional<String> webmailToken();

        Optional<String> relayToken();
    }

    interface AdminApi {
        /** The operators' bearer token for {@code /api/v1/admin/*}, 16 characters or more. */
        String token();
    }

    /** Accounts made at start-up if missing (comma-separated local parts in {@link #domain()}). */
    interface Bootstrap {
        Optional<String> users();

        Optional<String> password();
    }

    interface Dkim {
        /** Base64 of 32 octets sealing the DKIM private keys; unset, no keys are made. */
        Optional<String> keyEncryptionKey();
    }

    /** The resolvers of the reports' DNS lookups. */
    interface Dns {
        Optional<String> servers();

        @WithDefault("5s")
        Duration timeout();
    }

    /** The records the DNS records list shows ({@code %s}: the domain). */
    interface DnsRecords {
        @WithDefault("v=spf1 mx -all")
        String spf();

        @WithDefault("v=DMARC1; p=reject; rua=mailto:postmaster@%s")
        String dmarc();

        @WithDefault("v=TLSRPTv1; rua=mailto:postmaster@%s")
        String tlsRpt();
    }

    interface MtaSts {
        @WithDefault("enforce")
        String mode();

        @WithDefault("604800")
        long maxAge();
    }

    interface Dmarc {
        Reports reports();
    }

    interface Reports {
        @WithDefault("true")
        boolean enabled();
    }

    interface TlsReports {
        @WithDefault("true")
        boolean enabled();
    }

    interface ResendSuppression {
        /** A client's re-send within this time of the first copy is filed once; 0 turns it off. */
        @WithDefault("10m")
        Duration window();
    }

    interface Metrics {
        /** How often the filing backlog of mail.inbound is measured. */
        @WithDefault("30s")
        Duration queueSamplePeriod();
    }

    /** Per-account Sieve limits (docs/delivery-rules.md). */
    interface Sieve {
        @WithDefault("65536")
        int maxScriptBytes();

        @WithDefault("16")
        int maxScripts();

        @WithDefault("32")
        int maxActions();

        @WithDefault("4")
        int maxRedirects();

        /** The library's defaults with this deployment's settings on top. */
        default edu.hamburger.mail.sieve.SieveLimits limits() {
            edu.hamburger.mail.sieve.SieveLimits fixed = edu.hamburger.mail.sieve.SieveLimits.defaults();
            return new edu.hamburger.mail.sieve.SieveLimits(maxScriptBytes(), fixed.maxNesting(), maxActions(), maxRedirects(),
                    fixed.maxVariables(), fixed.maxVariableLength());
        }
    }
}
