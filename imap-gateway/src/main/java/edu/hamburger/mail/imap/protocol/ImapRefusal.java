package edu.hamburger.mail.imap.protocol;

/**
 * The command parses but asks for what can never be (a mailbox name that no mailbox can have):
 * answered with a tagged NO carrying this text (response code first), the session goes on.
 */
public class ImapRefusal extends RuntimeException {
    public ImapRefusal(String responseText) {
        super(responseText);
    }
}
