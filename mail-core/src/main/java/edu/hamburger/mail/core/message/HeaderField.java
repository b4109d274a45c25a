package edu.hamburger.mail.core.message;

/**
 * One header field: its name as written, its value unfolded (line breaks before WSP removed), and
 * where its raw lines sit in the message ({@code start} inclusive, {@code end} exclusive, the
 * final line break included), so a field can be cut out (Bcc on submission) without re-encoding.
 */
public record HeaderField(String name, String value, int start, int end) {

    public boolean is(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }
}
