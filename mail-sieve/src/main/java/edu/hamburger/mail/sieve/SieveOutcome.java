package edu.hamburger.mail.sieve;

import java.util.List;
import java.util.Optional;

/**
 * A run's result: the actions to carry out, and, when the script failed while running, why; a
 * failed run's actions are a keep in INBOX alone, so a broken script never loses mail.
 */
public record SieveOutcome(List<SieveAction> actions, Optional<String> error) {

    static SieveOutcome failed(String reason) {
        return new SieveOutcome(List.of(new SieveAction.Keep(java.util.Set.of())), Optional.of(reason));
    }
}
