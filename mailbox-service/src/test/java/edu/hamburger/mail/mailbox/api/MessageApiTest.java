package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.TestAccounts.api;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import edu.hamburger.mail.mailbox.TestAccounts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Append, list, fetch by section and range, flags and expunge through the REST API, on real PostgreSQL. */
@QuarkusTest
class MessageApiTest {

    static byte[] koreanMultipart() {
        return edu.hamburger.mail.mailbox.mime.MessageParserTest.koreanMultipart();
    }

    private static String base(long account, long mailbox) {
        return "/api/v1/accounts/" + account + "/mailboxes/" + mailbox;
    }

    private static long append(long account, long mailbox, byte[] raw, String flags) {
        return ((Number) api().contentType("message/rfc822").body(raw).queryParam("flags", flags)
                .post(base(account, mailbox) + "/messages").then().statusCode(201).extract().path("uid")).longValue();
    }

    private static byte[] content(long account, long mailbox, long uid, Map<String, ?> query) {
        return api().queryParams(query).get(base(account, mailbox) + "/messages/" + uid + "/content")
                .then().statusCode(200).extract().asByteArray();
    }

    @Test
    void aPop3LoginTakesTheLeaseAndListsInboxInOneCall() {
        long account = TestAccounts.create("popper", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        String maildrop = "/api/v1/accounts/" + account + "/maildrop";
        api().contentType(ContentType.JSON).body(Map.of("holder", "session-1", "seconds", 60)).post(maildrop)
                .then().statusCode(200).body("mailboxId", equalTo((int) inbox)).body("uids", hasSize(0)).body("sizes", hasSize(0));
        byte[] first = "Subject: one\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "Subject: two\r\n\r\nlonger body\r\n".getBytes(StandardCharsets.UTF_8);
        long one = append(account, inbox, first, "\\Seen");
        long two = append(account, inbox, second, "\\Seen");
        // the same holder renews and sees the messages; another holder is refused while the lease runs
        api().contentType(ContentType.JSON).body(Map.of("holder", "session-1", "seconds", 60)).post(maildrop)
                .then().statusCode(200)
                .body("uids", contains((int) one, (int) two))
                .body("sizes", contains(first.length, second.length))
                .body("uidValidity", equalTo(((Number) api().get(base(account, inbox)).then().extract().path("uidValidity")).intValue()));
        api().contentType(ContentType.JSON).body(Map.of("holder", "session-2", "seconds", 60)).post(maildrop)
                .then().statusCode(409).body("error", equalTo("in-use"));
        api().queryParam("holder", "session-1").delete("/api/v1/accounts/" + account + "/maildrop-lease").then().statusCode(204);
        api().contentType(ContentType.JSON).body(Map.of("holder", "session-2", "seconds", 60)).post(maildrop)
                .then().statusCode(200).body("uids", hasSize(2));
    }

    @Test
    void koreanMultipartPartsComeBackByteExact() {
        long account = TestAccounts.create("kim", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        byte[] raw = koreanMultipart();
        long uid = append(account, inbox, raw, "\\Seen");

        api().queryParam("include", "structure").get(base(account, inbox) + "/messages").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].uid", equalTo((int) uid))
                .body("[0].flags", contains("\\Seen"))
                .body("[0].size", equalTo(raw.length))
                .body("[0].envelope.subject", equalTo("=?UTF-8?B?7JWI64WV7ZWY7IS47JqU?="))
                .body("[0].envelope.from[0].name", equalTo("앨리스"))
                .body("[0].envelope.to[0].host", equalTo("hamburger.edu"))
                .body("[0].bodyStructure.type", equalTo("multipart"))
                .body("[0].bodyStructure.parts[0].subtype", equalTo("alternative"))
                .body("[0].bodyStructure.parts[1].filename", equalTo("보고서.bin"));

        String text = new String(raw, StandardCharsets.UTF_8);
        assertArrayEquals(raw, content(account, inbox, uid, Map.of()), "whole message");
        assertArrayEquals("안녕하세요, 밥!\r\n케첩 좋아해요?".getBytes(StandardCharsets.UTF_8),
                content(account, inbox, uid, Map.of("section", "1.1")));
        assertArrayEquals("<p>안녕하세요</p>".getBytes(StandardCharsets.UTF_8), content(account, inbox, uid, Map.of("section", "1.2")));
        byte[] attachment = content(account, inbox, uid, Map.of("section", "2"));
        int start = text.indexOf("\r\n\r\n", text.indexOf("filename*=")) + 4;
        byte[] expected = Arrays.copyOfRange(raw, utf8Offset(text, start), utf8Offset(text, text.indexOf("\r\n--outer--")));
        assertArrayEquals(expected, attachment, "attachment section, still base64 as stored");
        assertArrayEquals(edu.hamburger.mail.mailbox.mime.MessageParserTest.ATTACHMENT,
                java.util.Base64.getMimeDecoder().decode(attachment));
        byte[] header = content(account, inbox, uid, Map.of("part", "header"));
        assertEquals(text.substring(0, text.indexOf("\r\n\r\n") + 4), new String(header, StandardCharsets.UTF_8));
        byte[] mime = content(account, inbox, uid, Map.of("section", "2", "part", "mime"));
        String mimeText = new String(mime, StandardCharsets.UTF_8);
        assertEquals(true, mimeText.startsWith("Content-Type: application/octet-stream") && mimeText.endsWith("\r\n\r\n"));
        byte[] partial = content(account, inbox, uid, Map.of("offset", 10, "length", 20));
        assertArrayEquals(Arrays.copyOfRange(raw, 10, 30), partial);
        api().get(base(account, inbox) + "/messages/" + uid + "/content?section=3").then().statusCode(404)
                .body("error", equalTo("not-found"));
    }

    /** POP3's read-ahead: several whole messages in one answer, in the order asked, missing UIDs left out. */
    @Test
    void severalMessagesComeBackInOneFramedAnswer() {
        long account = TestAccounts.create("batch", 1L << 30);
        long box = TestAccounts.newMailbox(account);
        byte[] first = "Subject: one\r\n\r\n2 5\r\nlooks like a frame\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] second = koreanMultipart();
        long a = append(account, box, first, "");
        long b = append(account, box, second, "");
        byte[] body = api().get(base(account, box) + "/messages/contents?uids=" + b + ",999," + a).then().statusCode(200)
                .extract().asByteArray();
        var messages = edu.hamburger.mail.core.api.MessageBatch.decode(body);
        assertEquals(List.of(b, a), messages.stream().map(edu.hamburger.mail.core.api.MessageBatch.Message::uid).toList());
        assertArrayEquals(second, messages.get(0).raw());
        assertArrayEquals(first, messages.get(1).raw());
        String tooMany = java.util.stream.LongStream.rangeClosed(1, 257).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(","));
        api().get(base(account, box) + "/messages/contents?uids=" + tooMany).then().statusCode(400);
        api().get(base(account, box) + "/messages/contents?uids=1,x").then().statusCode(400);
        // three of 3 MiB are more than a batch may hold: refused, read neither whole
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'b');
        System.arraycopy("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 16);
        String bigOnes = append(account, box, big, "") + "," + append(account, box, big, "") + "," + append(account, box, big, "");
        api().get(base(account, box) + "/messages/contents?uids=" + bigOnes).then().statusCode(400);
    }

    @Test
    void bigMessageStreamsInPiecesAndComesBackWhole() {
        long account = TestAccounts.create("big", 1L << 30);
        long box = TestAccounts.newMailbox(account);
        byte[] raw = new byte[3 * 1024 * 1024 + 17];
        byte[] head = "Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, raw, 0, head.length);
        for (int i = head.length; i < raw.length; i++) {
            raw[i] = (byte) ((i % 78 == 77) ? '\n' : 'a' + i % 26);
        }
        long uid = append(account, box, raw, "");
        assertArrayEquals(raw, content(account, box, uid, Map.of()));
    }

    @Test
    void flagsChangeWithModseqAndUnchangedSince() {
        long account = TestAccounts.create("flags", 1L << 30);
        long box = TestAccounts.newMailbox(account);
        byte[] raw = "Subject: f\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        long first = append(account, box, raw, "");
        long second = append(account, box, "Subject: g\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "$Forwarded");
        int modseqBefore = api().get(base(account, box)).then().statusCode(200).extract().path("highestModseq");

        api().contentType(ContentType.JSON)
                .body(Map.of("uids", first + ":" + second, "mode", "ADD", "flags", List.of("\\Flagged", "$Label1")))
                .post(base(account, box) + "/flags").then().statusCode(200)
                .body("changed", hasSize(2))
                .body("changed[1].flags", contains("\\Flagged", "$Forwarded", "$Label1"))
                .body("highestModseq", equalTo(modseqBefore + 1));

        // UNCHANGEDSINCE below the current modseq: refused and reported as modified
        api().contentType(ContentType.JSON)
                .body(Map.of("uids", String.valueOf(first), "mode", "REPLACE", "flags", List.of("\\Seen"), "unchangedSince", modseqBefore))
                .post(base(account, box) + "/flags").then().statusCode(200)
                .body("changed", hasSize(0))
                .body("modified", contains((int) first));

        api().queryParam("changedSince", modseqBefore).get(base(account, box) + "/messages").then().statusCode(200)
                .body("uid", contains((int) first, (int) second));

        api().contentType(ContentType.JSON)
                .body(Map.of("uids", "1:*", "mode", "ADD", "flags", List.of("\\Deleted")))
                .post(base(account, box) + "/flags").then().statusCode(200);
        api().queryParam("uids", String.valueOf(second)).post(base(account, box) + "/expunge").then().statusCode(200)
                .body("uids", contains((int) second));
        api().post(base(account, box) + "/expunge").then().statusCode(200).body("uids", contains((int) first));
        api().get(base(account, box) + "/messages").then().statusCode(200).body("", hasSize(0));
        api().queryParam("since", modseqBefore).get(base(account, box) + "/expunged").then().statusCode(200)
                .body("", contains((int) first, (int) second));
        api().get(base(account, box)).then().body("messages", equalTo(0)).body("size", equalTo(0));
    }

    @Test
    void setsOfUidsReachExactlyTheirMessagesAndStarIsTheLargestInUse() {
        long account = TestAccounts.create("ranges", 1L << 30);
        long box = TestAccounts.newMailbox(account);
        long target = TestAccounts.newMailbox(account);
        for (int i = 1; i <= 9; i++) {
            append(account, box, ("Subject: r" + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII), "");
        }
        // the last message gone: '*' is now UID 8, not uid_next - 1 (9)
        api().contentType(ContentType.JSON).body(Map.of("uids", "9", "mode", "ADD", "flags", List.of("\\Deleted")))
                .post(base(account, box) + "/flags").then().statusCode(200);
        api().post(base(account, box) + "/expunge").then().statusCode(200).body("uids", contains(9));
        int modseq = api().get(base(account, box) + "/state").then().statusCode(200)
                .body("uidNext", equalTo(10)).extract().path("highestModseq");

        // overlapping, backwards and starred ranges: each message once, none outside them
        api().contentType(ContentType.JSON)
                .body(Map.of("uids", "3:2,2:4,7,12:*", "mode", "ADD", "flags", List.of("\\Flagged")))
                .post(base(account, box) + "/flags").then().statusCode(200)
                .body("changed.uid", contains(2, 3, 4, 7, 8))
                .body("highestModseq", equalTo(modseq + 1));
        api().get(base(account, box) + "/state").then().statusCode(200).body("highestModseq", equalTo(modseq + 1));
        // changedSince with a UID range: the changed ones inside the range only
        api().queryParam("changedSince", modseq).queryParam("uids", "3:7").get(base(account, box) + "/messages")
                .then().statusCode(200).body("uid", contains(3, 4, 7));

        api().contentType(ContentType.JSON).body(Map.of("uids", "1,5:6,*", "targetMailboxId", target))
                .post(base(account, box) + "/copy").then().statusCode(200)
                .body("sourceUids", contains(1, 5, 6, 8))
                .body("targetUids", contains(1, 2, 3, 4));
        api().get(base(account, 424242424242L) + "/state").then().statusCode(404);
    }

    @Test
    void recentMessagesAreClaimedOnceAndASelectWithNothingNewClaimsNothing() {
        long account = TestAccounts.create("recent", 1L << 30);
        long inbox = TestAccounts.mailbox(account, "INBOX");
        String byName = "/api/v1/accounts/" + account + "/mailboxes/by-name-index";
        append(account, inbox, "Subject: 1\r\n\r\n1\r\n".getBytes(StandardCharsets.US_ASCII), "");
        append(account, inbox, "Subject: 2\r\n\r\n2\r\n".getBytes(StandardCharsets.US_ASCII), "");

        api().queryParam("name", "INBOX").get(byName).then().statusCode(200) // EXAMINE looks without taking
                .body("recent.from", equalTo(1)).body("recent.to", equalTo(3));
        api().queryParam("name", "INBOX").post(byName).then().statusCode(200) // the first SELECT takes both
                .body("recent.from", equalTo(1)).body("recent.to", equalTo(3));
        api().queryParam("name", "INBOX").post(byName).then().statusCode(200) // the next finds nothing new
                .body("recent.from", equalTo(3)).body("recent.to", equalTo(3));

        append(account, inbox, "Subject: 3\r\n\r\n3\r\n".getBytes(StandardCharsets.US_ASCII), "");
        api().queryParam("upTo", 3).post(base(account, inbox) + "/recent").then().statusCode(200) // below the new one: nothing
                .body("from", equalTo(3)).body("to", equalTo(3));
        api().queryParam("upTo", 4).post(base(account, inbox) + "/recent").then().statusCode(200)
                .body("from", equalTo(3)).body("to", equalTo(4));
        api().queryParam("name", "INBOX").post(byName).then().statusCode(200)
                .body("recent.from", equalTo(4)).body("recent.to", equalTo(4));
    }

    private static int utf8Offset(String text, int charIndex) {
        return text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }
}
