package edu.hamburger.mail.webmail.rules;

import java.util.List;

/**
 * The rules the webmail's rules page edits: an away message, and "mail from this sender or
 * domain goes to that folder". They are kept as a Sieve script of their own, named
 * {@link RulesScript#NAME}; {@code custom} says another script (say, uploaded over ManageSieve)
 * is the active one, which saving these rules would replace.
 */
public record MailRules(Vacation vacation, List<MoveRule> moves, boolean custom) {

    /** The away message: answered once per sender every {@code days} days (1 to 30). */
    public record Vacation(boolean enabled, String subject, String text, int days) {
    }

    /** {@code from}: an address (alice@crepes.fr) or a domain (crepes.fr); {@code folder}: where that mail goes. */
    public record MoveRule(String from, String folder) {
    }
}
