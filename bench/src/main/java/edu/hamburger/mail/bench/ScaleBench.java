package edu.hamburger.mail.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale of issue 17: many accounts and a million messages in PostgreSQL, and what the mailbox
 * API's latency is with them there.
 * <ul>
 *   <li>{@code fill ACCOUNTS PER-ACCOUNT BIG}: accounts {@code scale-0..N-1} with PER-ACCOUNT
 *       messages in their INBOX and {@code scale-big} with BIG, made by SQL from one template
 *       account and one real message appended through the API (so envelope, structure and search
 *       text are what the service itself stored). Each message is its own content row. Setup, not
 *       measured; skipped when {@code scale-big} exists already. Prints the user pattern.</li>
 *   <li>{@code latency BEFORE AFTER}: two snapshots of mailbox-service's /q/metrics; prints per
 *       API route the requests between them and the p50/p99 bucket bounds of
 *       {@code http_server_requests_seconds}.</li>
 * </ul>
 */
public final class ScaleBench {

    private static final String TEMPLATE = "scale-template";

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "latency" -> latency(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException("fill or latency");
        }
    }

    static void fill(int accounts, int perAccount, int big) throws Exception {
        LocalStack stack = new LocalStack();
        String domain = stack.domain();
        System.out.println("users: scale-%d@" + domain + ", big: scale-big@" + domain + ", password bench-password-1");
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl, "mail", System.getenv().getOrDefault("MAIL_DB_PASSWORD", "mail"))) {
            if (exists(db, "scale-big@" + domain)) {
                System.out.println("fill: scale-big@" + domain + " exists, the database is filled already");
                return;
            }
            long template = stack.newAccount(domain, TEMPLATE + "-" + System.currentTimeMillis() % 100000);
            stack.append(template, stack.mailbox(template, "INBOX"), templateMessage());
            long templateMessage = single(db, "select e.message_id from mailbox_entry e join mailbox m on m.id = e.mailbox_id"
                    + " where m.account_id = " + template);
            long start = System.nanoTime();
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into account (domain_id, local_part, address, password_hash, quota_bytes)
                    select t.domain_id, l, l || '@' || d.name, t.password_hash, t.quota_bytes
                      from account t join mail_domain d on d.id = t.domain_id,
                           unnest(array_append(array(select 'scale-' || g from generate_series(0, ? - 1) g), 'scale-big')) l
                     where t.id = ?""")) {
                insert.setInt(1, accounts);
                insert.setLong(2, template);
                insert.executeUpdate();
            }
            execute(db, "insert into mailbox (account_id, name) select id, 'INBOX' from account"
                    + " where address like 'scale-%' and local_part not like '" + TEMPLATE + "%'");
            execute(db, "insert into subscription (account_id, name) select id, 'INBOX' from account"
                    + " where address like 'scale-%' and local_part not like '" + TEMPLATE + "%'");
            db.commit();
            List<Long> small = longs(db, "select m.id from mailbox m join account a on a.id = m.account_id"
                    + " where a.local_part ~ '^scale-[0-9]+$' order by m.id");
            List<Long> bigBox = longs(db, "select m.id from mailbox m join account a on a.id = m.account_id"
                    + " where a.local_part = 'scale-big'");
            fillMailboxes(db, small, perAccount, templateMessage);
            fillMailboxes(db, bigBox, big, templateMessage);
            db.setAutoCommit(true);
            execute(db, "analyze");
            System.out.printf("fill: %,d accounts, %,d messages in %.0f s (SQL setup)%n", accounts + 1,
                    (long) accounts * perAccount + big, (System.nanoTime() - start) / 1e9);
        }
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl, "mail", System.getenv().getOrDefault("MAIL_DB_PASSWORD", "mail"))) {
            System.out.printf("database: %,d accounts, %,d mailbox entries, %,d content rows, %s%n",
                    single(db, "select count(*) from account"), single(db, "select count(*) from mailbox_entry"),
                    single(db, "select count(*) from message"),
                    text(db, "select pg_size_pretty(pg_database_size(current_database()))"));
        }
    }

    /** PER messages in each mailbox, each its own content row cloned from the template, in chunks of mailboxes. */
    private static void fillMailboxes(Connection db, List<Long> mailboxes, int per, long templateMessage) throws Exception {
        int chunk = Math.max(1, 200_000 / per);
        for (int from = 0; from < mailboxes.size(); from += chunk) {
            List<Long> part = mailboxes.subList(from, Math.min(mailboxes.size(), from + chunk));
            long before = single(db, "select coalesce(max(id), 0) from message");
            try (PreparedStatement messages = db.prepareStatement("""
                    insert into message (sha256, size, header_size, raw, envelope, body_structure, sent_date, header_text, body_text)
                    select sha256(t.sha256 || int8send(g) || int8send(?)), t.size, t.header_size, t.raw, t.envelope,
                           t.body_structure, t.sent_date, t.header_text, t.body_text
                      from message t, generate_series(1, ?) g where t.id = ? order by g""")) {
                messages.setLong(1, before);
                messages.setLong(2, (long) part.size() * per);
                messages.setLong(3, templateMessage);
                messages.executeUpdate();
            }
            try (PreparedStatement entries = db.prepareStatement("""
                    insert into mailbox_entry (mailbox_id, uid, message_id, system_flags, keywords, modseq, internal_date, size)
                    select (?::bigint[])[r.n / ? + 1], r.n % ? + 1, r.id, case when r.n % 3 = 0 then 0 else 1 end,
                           case when r.n % 10 = 0 then '{$Important}'::text[] else '{}' end, r.n % ? + 2,
                           now() - make_interval(mins => (? - r.n % ?)::int), r.size
                      from (select id, size, row_number() over (order by id) - 1 as n from message where id > ?) r""")) {
                entries.setArray(1, db.createArrayOf("bigint", part.toArray()));
                for (int i = 2; i <= 6; i++) {
                    entries.setInt(i, per);
                }
                entries.setLong(7, before);
                entries.executeUpdate();
            }
            try (PreparedStatement bump = db.prepareStatement("""
                    update mailbox set uid_next = ? + 1, highest_modseq = ? + 1, first_recent_uid = ? + 1 where id = any(?)""")) {
                bump.setInt(1, per);
                bump.setInt(2, per);
                bump.setInt(3, per);
                bump.setArray(4, db.createArrayOf("bigint", part.toArray()));
                bump.executeUpdate();
            }
            try (PreparedStatement used = db.prepareStatement("""
                    update account a set used_bytes = used_bytes + ? * (select size from message where id = ?),
                                         used_messages = used_messages + ?
                     where id in (select account_id from mailbox where id = any(?))""")) {
                used.setInt(1, per);
                used.setLong(2, before + 1);
                used.setInt(3, per);
                used.setArray(4, db.createArrayOf("bigint", part.toArray()));
                used.executeUpdate();
            }
            db.commit();
        }
    }

    private static byte[] templateMessage() {
        String body = "Hamburger-Universitaet, Mensa: the menu of the week, with prices and opening hours.\r\n".repeat(12);
        return ("From: Mensa <mensa@hamburger.edu>\r\nTo: scale@example.test\r\nSubject: Scale test message\r\n"
                + "Date: Fri, 4 Dec 2026 10:00:00 +0000\r\nMessage-ID: <scale-template@hamburger.edu>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    // ---- API latency from two /q/metrics snapshots ----

    private static final Pattern BUCKET = Pattern.compile(
            "^http_server_requests_seconds_bucket\\{(.*)\\} ([0-9.eE+-]+)$");

    static void latency(Path before, Path after) throws Exception {
        Map<String, TreeMap<Double, Double>> first = buckets(before);
        Map<String, TreeMap<Double, Double>> second = buckets(after);
        System.out.printf("%-70s %9s %9s %9s%n", "mailbox API route (method, uri, status)", "requests", "p50 <=", "p99 <=");
        for (var route : second.entrySet()) {
            TreeMap<Double, Double> was = first.getOrDefault(route.getKey(), new TreeMap<>());
            TreeMap<Double, Double> delta = new TreeMap<>();
            route.getValue().forEach((le, count) -> delta.put(le, count - was.getOrDefault(le, 0.0)));
            double total = delta.lastEntry().getValue();
            if (total < 1) {
                continue;
            }
            System.out.printf("%-70s %9.0f %9s %9s%n", route.getKey(), total, bound(delta, total * 0.50), bound(delta, total * 0.99));
        }
    }

    private static String bound(TreeMap<Double, Double> cumulative, double rank) {
        for (var bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                return bucket.getKey().isInfinite() ? "> last" : String.format("%.0f ms", bucket.getKey() * 1000);
            }
        }
        return "?";
    }

    private static Map<String, TreeMap<Double, Double>> buckets(Path metrics) throws Exception {
        Map<String, TreeMap<Double, Double>> routes = new TreeMap<>();
        for (String line : Files.readAllLines(metrics)) {
            Matcher m = BUCKET.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            for (String pair : m.group(1).split(",(?=[a-z_]+=\")")) {
                int eq = pair.indexOf('=');
                labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
            }
            String le = labels.get("le");
            String route = labels.get("method") + " " + labels.get("uri") + " " + labels.get("status");
            routes.computeIfAbsent(route, r -> new TreeMap<>())
                    .put("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), Double.parseDouble(m.group(2)));
        }
        return routes;
    }

    // ---- JDBC helpers ----

    private static boolean exists(Connection db, String address) throws Exception {
        try (PreparedStatement query = db.prepareStatement("select 1 from account where address = ?")) {
            query.setString(1, address);
            return query.executeQuery().next();
        }
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long single(Connection db, String sql) throws Exception {
        try (var statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection db, String sql) throws Exception {
        try (var statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<Long> longs(Connection db, String sql) throws Exception {
        List<Long> values = new ArrayList<>();
        try (var statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}
