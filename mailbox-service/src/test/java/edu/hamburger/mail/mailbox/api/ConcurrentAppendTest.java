package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** UIDs come from the mailbox row under its lock: concurrent appends never share or skip one. */
@QuarkusTest
class ConcurrentAppendTest {

    @Test
    void thousandConcurrentAppendsGetThousandDistinctAscendingUids() throws Exception {
        long account = TestAccounts.create("many", 1L << 30);
        long box = TestAccounts.newMailbox(account);
        String url = "/api/v1/accounts/" + account + "/mailboxes/" + box + "/messages";
        ExecutorService clients = Executors.newFixedThreadPool(32);
        List<Future<Long>> appends = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                byte[] raw = ("Subject: n" + i + "\r\n\r\nmessage " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
                appends.add(clients.submit(() -> ((Number) api().contentType("message/rfc822").body(raw).post(url)
                        .then().statusCode(201).extract().path("uid")).longValue()));
            }
            List<Long> uids = new ArrayList<>();
            for (Future<Long> append : appends) {
                uids.add(append.get());
            }
            List<Long> sorted = uids.stream().sorted().toList();
            assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(), sorted, "1000 distinct UIDs, no gap, no repeat");
        } finally {
            clients.shutdownNow();
        }
        List<Integer> listed = api().get(url).then().statusCode(200).extract().path("uid");
        assertEquals(1000, listed.size());
        for (int i = 1; i < listed.size(); i++) {
            assertEquals(listed.get(i - 1) + 1, listed.get(i).intValue(), "listing ascends");
        }
        List<Integer> modseqs = api().get(url).then().extract().path("modseq");
        assertEquals(1000, modseqs.stream().distinct().count(), "every append had its own modseq");
    }
}
