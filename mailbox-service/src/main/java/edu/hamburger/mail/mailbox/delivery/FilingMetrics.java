package edu.hamburger.mail.mailbox.delivery;

import edu.hamburger.mail.core.record.MailRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The filing's meters (docs/operations.md): mail_filing_delay_seconds, from acceptance by
 * smtp-gateway to the committed filing, per record (its count is the filing rate), and
 * mail_filing_chunk_seconds, one chunk's transaction with its retries.
 */
@ApplicationScoped
public class FilingMetrics {

    private final Timer delay;
    private final Timer chunk;

    public FilingMetrics(MeterRegistry registry) {
        delay = Timer.builder("mail.filing.delay").publishPercentileHistogram()
                .description("acceptance by smtp-gateway to the committed filing, per record").register(registry);
        chunk = Timer.builder("mail.filing.chunk").publishPercentileHistogram()
                .description("filing one chunk of records in one transaction, retries included").register(registry);
    }

    /** A chunk committed {@code took} after it was started; each record's delay is measured from its receipt. */
    void filed(Iterable<MailRecord> records, Duration took, Instant now) {
        chunk.record(took);
        for (MailRecord record : records) {
            Duration waited = Duration.between(record.envelope().receivedAt(), now);
            delay.record(waited.isNegative() ? Duration.ZERO : waited); // another host's clock may run ahead
        }
    }
}
