package edu.hamburger.mail.webmail.session;

import edu.hamburger.mail.webmail.WebmailSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses logins for a while after too many failures, counted both per client address (one
 * client trying many users) and per user name (many clients trying one user), as fail2ban or
 * Dovecot's auth penalty do. Counts live in this replica's memory: a guesser spread over N
 * replicas gets N times the budget, which is still a handful of tries per window.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Bounds memory under a flood of distinct names: beyond it the oldest windows are dropped. */
    static final int MAX_TRACKED = 100_000;

    private final int perUser;
    private final int perAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public LoginThrottle(WebmailSettings settings) {
        this(settings.limits().failedLoginsPerUser(), settings.limits().failedLoginsPerAddress(),
                settings.limits().failedLoginWindow(), Clock.systemUTC());
    }

    LoginThrottle(int perUser, int perAddress, Duration window, Clock clock) {
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.window = window;
        this.clock = clock;
    }

    private record Failures(int count, Instant since) {
    }

    /** Zero when a login may be tried now, else how long until it may. */
    public Duration retryAfter(String clientAddress, String username) {
        Duration wait = wait(addressKey(clientAddress), perAddress);
        Duration userWait = wait(userKey(username), perUser);
        return wait.compareTo(userWait) >= 0 ? wait : userWait;
    }

    public void failed(String clientAddress, String username) {
        if (failures.size() > MAX_TRACKED) {
            Instant horizon = clock.instant().minus(window);
            failures.values().removeIf(f -> f.since().isBefore(horizon));
        }
        count(addressKey(clientAddress));
        count(userKey(username));
    }

    /** A success clears the user's count; the address's stays, or one valid account would launder a guesser's tries. */
    public void succeeded(String clientAddress, String username) {
        failures.remove(userKey(username));
    }

    private void count(String key) {
        Instant now = clock.instant();
        failures.compute(key, (k, f) -> f == null || f.since().plus(window).isBefore(now)
                ? new Failures(1, now) : new Failures(f.count() + 1, f.since()));
    }

    private Duration wait(String key, int allowed) {
        Failures f = failures.get(key);
        if (f == null || f.count() < allowed) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), f.since().plus(window));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String addressKey(String clientAddress) {
        return "ip:" + clientAddress;
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }
}
