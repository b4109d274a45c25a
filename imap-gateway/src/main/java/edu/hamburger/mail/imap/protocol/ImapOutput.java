package edu.hamburger.mail.imap.protocol;

/** Where a command's responses go: the connection, in order. */
public interface ImapOutput {

    void write(byte[] response);

    default void untagged(String text) {
        write(Response.untagged().raw(text).line());
    }
}
