package edu.hamburger.mail.core.address;

import java.util.Map;

/**
 * What follows {@code MAIL FROM:} or {@code RCPT TO:}: the path and its ESMTP parameters.
 * Parameter keywords are upper-cased (they are case-insensitive); a parameter without a value
 * maps to the empty string. {@code bracketed} is false for the lenient {@code MAIL FROM: a@b} form.
 */
public record PathArgument(SmtpPath path, Map<String, String> parameters, boolean bracketed) {

    public PathArgument {
        parameters = Map.copyOf(parameters);
    }

    /** The value of a parameter, or null if the client did not give it. */
    public String parameter(String keyword) {
        return parameters.get(keyword.toUpperCase(java.util.Locale.ROOT));
    }
}
