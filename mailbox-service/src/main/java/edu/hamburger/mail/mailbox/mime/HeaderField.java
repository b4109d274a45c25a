package edu.hamburger.mail.mailbox.mime;

/** One header field: its name as written and its value unfolded (line breaks before WSP removed). */
public record HeaderField(String name, String value) {

    public boolean is(String otherName) {
        return name.equalsIgnoreCase(otherName);
    }
}
