package edu.hamburger.mail.webmail.session;

import edu.hamburger.mail.webmail.WebmailSettings;
import java.time.Duration;
import java.util.Optional;

/** Settings for unit tests of one class: a session key, defaults elsewhere. */
final class TestSettings {

    private TestSettings() {
    }

    static WebmailSettings withKey(String key) {
        return new WebmailSettings() {
            @Override
            public Optional<String> sessionKey() {
                return Optional.of(key);
            }

            @Override
            public Duration sessionLifetime() {
                return Duration.ofHours(12);
            }

            @Override
            public boolean secureCookie() {
                return true;
            }

            @Override
            public Submission submission() {
                throw new UnsupportedOperationException("not used by the session classes");
            }

            @Override
            public Limits limits() {
                throw new UnsupportedOperationException("not used by the session classes");
            }
        };
    }
}
