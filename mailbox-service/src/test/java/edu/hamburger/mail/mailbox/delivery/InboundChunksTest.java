package edu.hamburger.mail.mailbox.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.address.SmtpPath;
import edu.hamburger.mail.core.record.Envelope;
import edu.hamburger.mail.core.record.EnvelopeRecipient;
import edu.hamburger.mail.core.record.MailRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A poll's records split into transactions bounded in count and octets, in order, none dropped. */
class InboundChunksTest {

    private static MailRecord ofSize(int n, int bytes) {
        return new MailRecord(Envelope.of("Q" + n, SmtpPath.of(MailAddress.parse("a@b.test")),
                List.of(EnvelopeRecipient.of(MailAddress.parse("c@d.test"))), Instant.now()), new byte[bytes]);
    }

    @Test
    void chunksKeepOrderAndBoundCountAndOctets() {
        List<MailRecord> records = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            records.add(ofSize(i, 10));
        }
        List<List<MailRecord>> chunks = InboundConsumer.chunks(records);
        assertEquals(List.of(100, 100, 50), chunks.stream().map(List::size).toList());
        assertEquals(records, chunks.stream().flatMap(List::stream).toList());
    }

    @Test
    void smallRecordsFillAChunkUpToItsOctetsAndALargeOneIsAChunkAlone() {
        int mib = 1024 * 1024;
        List<MailRecord> records = List.of(ofSize(0, 10), ofSize(1, mib - 1), ofSize(2, 3 * mib), ofSize(3, 10),
                ofSize(4, 20 * mib), ofSize(5, 1));
        List<List<MailRecord>> chunks = InboundConsumer.chunks(records);
        assertEquals(List.of(2, 1, 1, 1, 1), chunks.stream().map(List::size).toList());
        assertEquals(records, chunks.stream().flatMap(List::stream).toList());

        List<MailRecord> nearlyLarge = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nearlyLarge.add(ofSize(i, mib - 1));
        }
        assertEquals(List.of(8, 2), InboundConsumer.chunks(nearlyLarge).stream().map(List::size).toList(), "8 MiB a chunk");
    }

    @Test
    void noRecordsNoChunks() {
        assertEquals(List.of(), InboundConsumer.chunks(List.of()));
    }
}
