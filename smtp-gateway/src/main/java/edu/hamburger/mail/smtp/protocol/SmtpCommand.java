package edu.hamburger.mail.smtp.protocol;

import java.util.Locale;

/**
 * One command line, split into its verb (upper-cased) and the rest. {@code MAIL FROM:<a@b>} has
 * the verb MAIL and the argument {@code FROM:<a@b>}; the handler reads its own syntax.
 */
public record SmtpCommand(String verb, String argument) {

    /** Splits a line (without its CRLF) at the first space. */
    public static SmtpCommand parse(String line) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        return new SmtpCommand(verb.toUpperCase(Locale.ROOT), argument);
    }

    /** The argument after a keyword such as "FROM:", with any spaces before the path; null if it is not there. */
    public String after(String keyword) {
        if (argument.length() < keyword.length() || !argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return null;
        }
        return argument.substring(keyword.length());
    }
}
