package edu.hamburger.mail.mailbox.tlsrpt;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.TlsSessionObservation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Counts the relay's TLS session observations ({@code mail.tls.observations}) into the day's
 * report rows: one per (domain, policy, result, MX, addresses), successes without the addresses
 * (a report lists only failures in detail). An unreadable record is logged and skipped: reports
 * are a statistic, not mail.
 */
@ApplicationScoped
public class TlsObservationConsumer {

    private static final Logger LOG = Logger.getLogger(TlsObservationConsumer.class);

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @Incoming("tls-observations")
    public Uni<Void> count(byte[] record) {
        TlsSessionObservation o;
        try {
            o = json.readValue(record, TlsSessionObservation.class);
        } catch (IOException e) {
            LOG.warnf("unreadable TLS observation skipped: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        String policy = String.join("\n", o.policyStrings());
        boolean success = o.successful();
        Tuple row = Tuple.tuple(List.of(o.observedAt().atOffset(ZoneOffset.UTC).toLocalDate(), o.policyDomain(), o.policyType(),
                digest(policy), policy, String.join("\n", o.mxHostPatterns()), o.result(),
                success ? "" : nz(o.receivingMx()), success ? "" : nz(o.receivingIp()), success ? "" : nz(o.sendingIp())));
        return pool.preparedQuery("""
                        insert into tls_observation (day, policy_domain, policy_type, policy_digest, policy_string, mx_host, result,
                            receiving_mx, receiving_ip, sending_ip, sessions)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
                        on conflict (day, policy_domain, policy_type, policy_digest, result, receiving_mx, receiving_ip, sending_ip)
                        do update set sessions = tls_observation.sessions + 1""")
                .execute(row).replaceWithVoid()
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).atMost(10)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("a TLS observation for %s was not counted: %s", o.policyDomain(), e.toString());
                    return null;
                });
    }

    private static String digest(String policy) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(policy.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
