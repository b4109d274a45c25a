package edu.hamburger.mail.mailbox.dmarc;

import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.DmarcObservation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Counts the MX's DMARC observations ({@code mail.dmarc.observations}) into the day's report rows:
 * one row per distinct (source, identifiers, results), its count raised by each observation. An
 * unreadable record is logged and skipped: reports are a statistic, not mail.
 */
@ApplicationScoped
public class DmarcObservationConsumer {

    private static final Logger LOG = Logger.getLogger(DmarcObservationConsumer.class);

    @Inject
    Pool pool;

    @Inject
    ObjectMapper json;

    @Incoming("dmarc-observations")
    public Uni<Void> count(byte[] record) {
        DmarcObservation o;
        try {
            o = json.readValue(record, DmarcObservation.class);
        } catch (IOException e) {
            LOG.warnf("unreadable DMARC observation skipped: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        var day = o.receivedAt().atOffset(ZoneOffset.UTC).toLocalDate();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        insert into dmarc_observation (day, policy_domain, source_ip, header_from, envelope_from, disposition,
                            dkim_aligned, spf_aligned, dkim_domain, dkim_result, spf_domain, spf_scope, spf_result, messages)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1)
                        on conflict (day, policy_domain, source_ip, header_from, envelope_from, disposition, dkim_aligned, spf_aligned,
                            dkim_domain, dkim_result, spf_domain, spf_scope, spf_result)
                        do update set messages = dmarc_observation.messages + 1""")
                .execute(Tuple.tuple(java.util.List.of(day, o.policyDomain(), o.sourceIp(), nz(o.headerFrom()), nz(o.envelopeFrom()),
                        o.disposition(), o.dkimAligned(), o.spfAligned(), nz(o.dkimDomain()), nz(o.dkimResult()), nz(o.spfDomain()),
                        o.spfScope(), o.spfResult())))
                .chain(() -> conn.preparedQuery("""
                                insert into dmarc_policy (day, policy_domain, p, sp, pct, adkim, aspf, rua)
                                values ($1, $2, $3, $4, $5, $6, $7, $8)
                                on conflict (day, policy_domain) do update set p = $3, sp = $4, pct = $5, adkim = $6, aspf = $7, rua = $8""")
                        .execute(Tuple.tuple(java.util.List.of(day, o.policyDomain(), o.policy(), o.subdomainPolicy(), o.percent(),
                                o.adkim(), o.aspf(), String.join(",", o.rua())))))
                .replaceWithVoid())
                .onFailure().retry().withBackOff(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(10)).atMost(10)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("a DMARC observation for %s was not counted: %s", o.policyDomain(), e.toString());
                    return null;
                });
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
