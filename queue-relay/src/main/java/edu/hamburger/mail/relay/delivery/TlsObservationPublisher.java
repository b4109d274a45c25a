package edu.hamburger.mail.relay.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.core.event.TlsSessionObservation;
import edu.hamburger.mail.core.topic.MailTopics;
import edu.hamburger.mail.relay.client.TlsSession;
import edu.hamburger.mail.relay.client.TlsSessionLog;
import edu.hamburger.mail.relay.client.TlsSessionResult;
import edu.hamburger.mail.relay.route.Dane;
import edu.hamburger.mail.relay.route.NextHop;
import edu.hamburger.mail.relay.route.Route;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every outbound session's TLS result: counted in {@code mail_relay_tls_sessions_total{result}},
 * and, for sessions with a domain's own MX hosts, written to {@code mail.tls.observations} for
 * the domain's SMTP TLS report (RFC 8460), which mailbox-service adds up and sends. A plaintext
 * session is reported as starttls-not-supported, the only type RFC 8460 has for it. Observations
 * are a statistic: written without waiting, a lost one is logged, never a delivery held up.
 */
@ApplicationScoped
public class TlsObservationPublisher implements TlsSessionLog {

    @Inject
    MeterRegistry registry;

    @Inject
    OutcomePublisher kafka;

    @Inject
    ObjectMapper json;

    /** MAIL_RELAY_TLS_REPORTS_ENABLED: false writes no observations (the metric still counts). */
    @ConfigProperty(name = "mail.relay.tls-reports.enabled", defaultValue = "true")
    boolean enabled;

    Clock clock = Clock.systemUTC();

    @Override
    public void session(Route route, NextHop hop, TlsSession session) {
        registry.counter("mail.relay.tls.sessions", "result", session.result()).increment();
        if (enabled && route.fromDns()) {
            kafka.sendQuietly(new ProducerRecord<>(MailTopics.TLS_OBSERVATIONS, route.domain(), serialise(observation(route, hop, session))));
        }
    }

    TlsSessionObservation observation(Route route, NextHop hop, TlsSession session) {
        String result = TlsSessionResult.PLAINTEXT.equals(session.result()) ? TlsSessionResult.STARTTLS_NOT_SUPPORTED : session.result();
        String receivingIp = session.remoteIp() != null ? session.remoteIp() : hop.host();
        Dane dane = route.dane(hop);
        if (dane != null) { // RFC 8460 §4.3.1: a tlsa policy, its strings the host's records
            return new TlsSessionObservation(clock.instant(), route.domain(), TlsSessionObservation.TLSA,
                    dane.records().stream().map(edu.hamburger.mail.auth.dane.TlsaRecord::text).toList(), List.of(), result,
                    hop.serverName(), receivingIp, session.localIp());
        }
        if (route.mtaSts() != null) {
            return new TlsSessionObservation(clock.instant(), route.domain(), TlsSessionObservation.STS,
                    Arrays.asList(route.mtaSts().text().split("\r\n")), route.mtaSts().mxHosts(), result, hop.serverName(), receivingIp,
                    session.localIp());
        }
        return new TlsSessionObservation(clock.instant(), route.domain(), TlsSessionObservation.NO_POLICY_FOUND, List.of(), List.of(),
                result, hop.serverName(), receivingIp, session.localIp());
    }

    private byte[] serialise(TlsSessionObservation observation) {
        try {
            return json.writeValueAsBytes(observation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a TlsSessionObservation always serialises", e);
        }
    }
}
