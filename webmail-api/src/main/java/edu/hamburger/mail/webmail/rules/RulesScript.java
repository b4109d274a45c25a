package edu.hamburger.mail.webmail.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.webmail.api.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the rules page's rules as a Sieve script, and reads them back from it: the script's
 * first line is a comment holding the rules as JSON, so what the page shows is exactly what it
 * saved, never a guess from Sieve. Every user text goes into quoted strings with RFC 5228's
 * two escapes; "variables" is not required, so "${" in a text stays text.
 */
public final class RulesScript {

    /** The script's name in the account: the one the webmail owns. */
    public static final String NAME = "webmail";
    private static final String MARK = "# webmail-rules: ";
    static final int MAX_MOVES = 50;
    static final int MAX_TEXT = 4000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RulesScript() {
    }

    /** The script for these rules; empty when there is nothing to do (no away message, no moves). */
    public static Optional<String> write(MailRules rules) {
        MailRules.Vacation vacation = rules.vacation();
        List<MailRules.MoveRule> moves = rules.moves() == null ? List.of() : rules.moves();
        check(vacation, moves);
        boolean away = vacation != null && vacation.enabled();
        if (!away && moves.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder script = new StringBuilder();
        try {
            script.append(MARK).append(JSON.writeValueAsString(new MailRules(vacation, moves, false))).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<String> requires = new ArrayList<>();
        if (!moves.isEmpty()) {
            requires.add("\"fileinto\"");
            requires.add("\"mailbox\"");
        }
        if (away) {
            requires.add("\"vacation\"");
        }
        script.append("require [").append(String.join(", ", requires)).append("];\n");
        if (away) {
            // first, so mail that a rule below moves is answered too
            script.append("vacation :days ").append(vacation.days());
            if (vacation.subject() != null && !vacation.subject().isBlank()) {
                script.append(" :subject ").append(quoted(vacation.subject().strip()));
            }
            script.append(' ').append(quoted(vacation.text())).append(";\n");
        }
        for (MailRules.MoveRule move : moves) {
            String from = move.from().strip();
            String test = from.contains("@") ? "address :is \"from\" " + quoted(from) : "address :domain :is \"from\" " + quoted(from);
            script.append("if ").append(test).append(" {\n    fileinto :create ").append(quoted(move.folder().strip()))
                    .append(";\n    stop;\n}\n");
        }
        return Optional.of(script.toString());
    }

    /** The rules a script of the webmail's holds; null for any other script. */
    public static MailRules read(String script) {
        if (!script.startsWith(MARK)) {
            return null;
        }
        int end = script.indexOf('\n');
        try {
            MailRules rules = JSON.readValue(script.substring(MARK.length(), end < 0 ? script.length() : end), MailRules.class);
            return new MailRules(rules.vacation(), rules.moves() == null ? List.of() : rules.moves(), false);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void check(MailRules.Vacation vacation, List<MailRules.MoveRule> moves) {
        if (vacation != null && vacation.enabled()) {
            if (vacation.text() == null || vacation.text().isBlank()) {
                throw Problem.badRequest("the away message needs a text");
            }
            if (vacation.text().length() > MAX_TEXT || (vacation.subject() != null && vacation.subject().length() > 200)) {
                throw Problem.badRequest("the away message is too long");
            }
            if (vacation.days() < 1 || vacation.days() > 30) {
                throw Problem.badRequest("answer each sender once every 1 to 30 days");
            }
            if (vacation.subject() != null && vacation.subject().chars().anyMatch(c -> c < 0x20)) {
                throw Problem.badRequest("the subject is one line");
            }
        }
        if (moves.size() > MAX_MOVES) {
            throw Problem.badRequest("at most " + MAX_MOVES + " rules");
        }
        for (MailRules.MoveRule move : moves) {
            if (move.from() == null || move.from().isBlank() || move.from().length() > 254
                    || move.from().strip().chars().anyMatch(c -> c <= 0x20 || c == '"' || c == '\\')) {
                throw Problem.badRequest("a rule needs a sender address or domain");
            }
            if (move.folder() == null || move.folder().isBlank() || move.folder().length() > 200
                    || move.folder().chars().anyMatch(c -> c < 0x20)) {
                throw Problem.badRequest("a rule needs a folder");
            }
        }
    }

    /** An RFC 5228 quoted string: only '"' and '\' are escaped; line ends may stand inside. */
    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
