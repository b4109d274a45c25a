package edu.hamburger.mail.sieve;

import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The account a test script runs for: its mailboxes, a clock it controls, what duplicate and vacation have seen. */
final class TestEnvironment implements SieveEnvironment {

    final Set<String> mailboxes;
    ZonedDateTime now = ZonedDateTime.parse("2026-12-05T10:15:30+09:00[Asia/Seoul]");
    final Map<String, ZonedDateTime> seen = new HashMap<>();

    TestEnvironment(String... mailboxes) {
        this.mailboxes = Set.of(mailboxes);
    }

    @Override
    public boolean mailboxExists(String name) {
        return mailboxes.contains(name);
    }

    @Override
    public boolean seenBefore(String handle, String id, long seconds, boolean last) {
        String key = handle + "\0" + id;
        ZonedDateTime previous = seen.get(key);
        boolean within = previous != null && previous.plusSeconds(seconds).isAfter(now);
        if (!within || last) {
            seen.put(key, now);
        }
        return within;
    }

    @Override
    public ZonedDateTime now() {
        return now;
    }
}
