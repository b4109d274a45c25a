package edu.hamburger.mail.bench;

import edu.hamburger.mail.core.search.SearchGrams;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Issue 20's full-text goal: IMAP SEARCH over a 100,000-message mailbox in under a second, for
 * English words and for Korean words of two syllables.
 *
 * <p>{@code SearchBench HOST PORT MESSAGES}: makes (once per database) the account
 * {@code search-big@<domain>} with MESSAGES distinct messages in its INBOX: the first appended
 * through mailbox-service's API, the rest by SQL with the same search text and index pieces the
 * service makes ({@link SearchGrams}), envelope and structure cloned from the first (setup, not
 * measured; appends to one mailbox through the API are serialised by its row lock and take ~40 min
 * for 100,000 on 2 cores). The text is drawn from a Zipf distribution over English and Korean vocabularies, so
 * some words are in most messages and most words in few, as in real mail; a third of the messages
 * are Korean. Then, over IMAP, each query below five times: {@code UID SEARCH} with TEXT, BODY or
 * SUBJECT, printing the matches and the median and best seconds.
 */
public final class SearchBench {

    private static final String USER = "search-big";
    /** Real words, most common first: they take the head of the Zipf distribution. */
    private static final String[] ENGLISH_HEAD = {"the", "of", "and", "to", "in", "is", "for", "that", "with", "on",
            "lecture", "server", "mail", "student", "exam", "room", "week", "monday", "professor", "project",
            "deadline", "library", "homework", "question", "answer", "schedule", "meeting", "report", "notes", "grade"};
    private static final String[] KOREAN_HEAD = {"학생", "수업", "강의", "메일", "서버", "시험", "교수", "과제", "도서관", "질문",
            "답변", "일정", "회의", "보고서", "성적", "월요일", "연구실", "프로젝트", "마감", "발표"};
    private static final int VOCABULARY = 20_000;

    private SearchBench() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        String user = USER + "@" + domain;
        fill(stack, domain, messages);

        String[][] queries = {
                {"TEXT, a rare English word", "TEXT " + englishWord(VOCABULARY - 7)},
                {"TEXT, an English word of middling frequency", "TEXT " + englishWord(400)},
                {"TEXT, a common English word", "TEXT lecture"},
                {"BODY, a part of a word", "BODY ectur"},
                {"SUBJECT, a word", "SUBJECT " + englishWord(150)},
                {"TEXT, a word in no message", "TEXT zqxjvwk"},
                {"BODY, a rare Korean word of two syllables", "CHARSET UTF-8 BODY " + literal(koreanWord(VOCABULARY - 11))},
                {"BODY, a common Korean word of two syllables", "CHARSET UTF-8 BODY " + literal("강의")},
                {"TEXT, a Korean word inside a longer one", "CHARSET UTF-8 TEXT " + literal("연구")},
                {"TEXT two words (AND)", "TEXT " + englishWord(300) + " TEXT " + englishWord(900)},
        };
        try (ImapBench.Imap imap = new ImapBench.Imap(host, port)) {
            imap.ok("LOGIN " + user + " bench-password-1");
            List<String> select = imap.ok("SELECT INBOX");
            System.out.println("mailbox: " + select.stream().filter(l -> l.endsWith(" EXISTS")).findFirst().orElse("?"));
            for (String[] query : queries) {
                double[] seconds = new double[5];
                int matches = 0;
                for (int i = 0; i < seconds.length; i++) {
                    long start = System.nanoTime();
                    List<String> lines = imap.ok("UID SEARCH " + query[1]);
                    seconds[i] = (System.nanoTime() - start) / 1e9;
                    matches = lines.stream().filter(l -> l.startsWith("* SEARCH")).mapToInt(l -> l.split(" ").length - 2).sum();
                }
                Arrays.sort(seconds);
                System.out.printf("%-48s %7d matches  median %.3f s  best %.3f s%n", query[0], matches,
                        seconds[seconds.length / 2], seconds[0]);
            }
            imap.ok("LOGOUT");
        }
    }

    /** A UTF-8 non-synchronizing literal (LITERAL+), so the command goes in one write. */
    private static String literal(String text) {
        return "{" + text.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + text;
    }

    private static void fill(LocalStack stack, String domain, int messages) throws Exception {
        long account;
        try {
            account = stack.accountId(USER + "@" + domain);
        } catch (java.io.IOException absent) {
            account = stack.newAccount(domain, USER);
        }
        long inbox = stack.mailbox(account, "INBOX");
        int have = stack.get("/api/v1/accounts/" + account + "/mailboxes/" + inbox).get("messages").asInt();
        if (have >= messages) {
            System.out.printf("fill: %s@%s holds %,d messages already%n", USER, domain, have);
            return;
        }
        if (have == 0) { // one message through the API: its envelope and structure are the template of the rest
            stack.append(account, inbox, message(0, domain));
            have = 1;
        }
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl, "mail", System.getenv().getOrDefault("MAIL_DB_PASSWORD", "mail"))) {
            db.setAutoCommit(false);
            long template;
            try (PreparedStatement find = db.prepareStatement("select message_id from mailbox_entry where mailbox_id = ? and uid = 1")) {
                find.setLong(1, inbox);
                try (ResultSet row = find.executeQuery()) {
                    row.next();
                    template = row.getLong(1);
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (PreparedStatement content = db.prepareStatement("""
                    insert into message (sha256, size, header_size, raw, envelope, body_structure, sent_date, header_text, body_text,
                                         search_grams)
                    select ?, ?, ?, ?, jsonb_set(t.envelope, '{subject}', to_jsonb(?::text)), t.body_structure, t.sent_date, ?, ?,
                           array_to_tsvector(?::text[])
                      from message t where t.id = ? returning id""");
                 PreparedStatement entry = db.prepareStatement("""
                    insert into mailbox_entry (mailbox_id, uid, message_id, system_flags, modseq, internal_date, size)
                    values (?, ?, ?, 0, ?, now(), ?)""")) {
                for (int n = have; n < messages; n++) {
                    byte[] raw = message(n, domain);
                    String text = new String(raw, StandardCharsets.UTF_8);
                    int split = text.indexOf("\r\n\r\n");
                    String headerText = headerText(text.substring(0, split));
                    String bodyText = text.substring(split + 4);
                    String subject = text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\n", text.indexOf("Subject: ")));
                    content.setBytes(1, sha.digest(raw));
                    content.setLong(2, raw.length);
                    content.setInt(3, split + 4);
                    content.setBytes(4, raw);
                    content.setString(5, subject);
                    content.setString(6, SearchGrams.fold(headerText)); // stored folded, as the service does
                    content.setString(7, SearchGrams.fold(bodyText));
                    content.setArray(8, db.createArrayOf("text", SearchGrams.ofMessage(headerText, bodyText)));
                    content.setLong(9, template);
                    long id;
                    try (ResultSet row = content.executeQuery()) {
                        row.next();
                        id = row.getLong(1);
                    }
                    entry.setLong(1, inbox);
                    entry.setLong(2, n + 1);
                    entry.setLong(3, id);
                    entry.setLong(4, n + 2);
                    entry.setLong(5, raw.length);
                    entry.addBatch();
                    if (n % 1000 == 999 || n == messages - 1) {
                        entry.executeBatch();
                        try (PreparedStatement bump = db.prepareStatement("""
                                update mailbox set uid_next = ?, highest_modseq = ? where id = ?""")) {
                            bump.setLong(1, n + 2);
                            bump.setLong(2, n + 2);
                            bump.setLong(3, inbox);
                            bump.executeUpdate();
                        }
                        db.commit();
                    }
                }
            }
            for (String table : new String[] {"message", "mailbox_entry"}) {
                try (PreparedStatement analyze = db.prepareStatement("analyze " + table)) {
                    analyze.execute();
                }
            }
            db.commit();
        }
        System.out.printf("fill: %,d messages in %.0f s (SQL setup, not measured; search text and index pieces as the service makes them)%n",
                messages - have, (System.nanoTime() - start) / 1e9);
    }

    /** The service's header text: "Name: value" per field (the fields here have no encoded words to decode). */
    private static String headerText(String header) {
        StringBuilder text = new StringBuilder();
        for (String line : header.split("\r\n")) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** Message n: the same every run, so a database filled once is the same database. */
    static byte[] message(int n, String domain) {
        Random random = new Random(n * 7919L + 17);
        boolean korean = n % 3 == 0;
        StringBuilder subject = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            subject.append(i == 0 ? "" : " ").append(word(random, korean));
        }
        StringBuilder body = new StringBuilder();
        int words = 250 + random.nextInt(250);
        for (int i = 0; i < words; i++) {
            body.append(word(random, korean)).append(i % 12 == 11 ? ".\r\n" : " ");
        }
        String head = "From: Sender " + (n % 500) + " <sender" + (n % 500) + "@hamburger.edu>\r\nTo: " + USER + "@" + domain
                + "\r\nSubject: " + subject + "\r\nDate: Fri, 4 Dec 2026 10:00:00 +0000\r\nMessage-ID: <search-" + n
                + "@hamburger.edu>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n";
        return (head + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A word by Zipf-like rank: rank r is drawn with probability about 1/r. */
    private static String word(Random random, boolean korean) {
        int rank = (int) Math.floor(Math.exp(random.nextDouble() * Math.log(VOCABULARY))) - 1;
        return korean ? koreanWord(rank) : englishWord(rank);
    }

    static String englishWord(int rank) {
        if (rank < ENGLISH_HEAD.length) {
            return ENGLISH_HEAD[rank];
        }
        String consonants = "bcdfghklmnprstvw";
        String vowels = "aeiou";
        StringBuilder word = new StringBuilder();
        int n = rank * 2654435761L > 0 ? (int) ((rank * 2654435761L) & 0x7fffffff) : rank;
        for (int i = 0; i < 3; i++) {
            word.append(consonants.charAt(n % consonants.length()));
            n /= consonants.length();
            word.append(vowels.charAt(n % vowels.length()));
            n /= vowels.length();
        }
        return word.append(consonants.charAt(rank % consonants.length())).toString();
    }

    static String koreanWord(int rank) {
        if (rank < KOREAN_HEAD.length) {
            return KOREAN_HEAD[rank];
        }
        // two or three Hangul syllables, spread over the 11,172 of U+AC00..U+D7A3
        int n = (int) ((rank * 2654435761L) & 0x7fffffff);
        StringBuilder word = new StringBuilder();
        int syllables = 2 + rank % 2;
        for (int i = 0; i < syllables; i++) {
            word.append((char) (0xAC00 + n % 11172));
            n = n / 11172 + rank * 31 + i;
        }
        return word.toString();
    }
}
