package edu.hamburger.mail.mailbox.store;

import edu.hamburger.mail.core.search.SearchGrams;
import edu.hamburger.mail.mailbox.mime.ParsedMessage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A message ready to be stored: its bytes, what parsing found, its content address, and its search
 * index pieces ({@link SearchGrams}); all computed here, off the event loop, since a large
 * message's text takes milliseconds to cut.
 */
public record StoredMessage(byte[] raw, ParsedMessage parsed, byte[] sha256, String[] searchGrams) {

    /** Largest message the store accepts (above smtp-gateway's default SIZE of 25 MiB). */
    public static final int MAX_SIZE = 32 * 1024 * 1024;

    /**
     * A message arriving to be stored (APPEND, delivery): parts whose body holds NUL are
     * re-encoded as base64 first ({@link edu.hamburger.mail.mailbox.mime.NulPartEncoder}), so
     * every stored message can be sent over IMAP as it is.
     */
    public static StoredMessage arriving(byte[] raw) {
        StoredMessage message = of(raw);
        byte[] encoded = edu.hamburger.mail.mailbox.mime.NulPartEncoder.encode(raw, message.parsed().body());
        return encoded == raw ? message : of(encoded);
    }

    /** A message's bytes as they are (a stored message read again). */
    public static StoredMessage of(byte[] raw) {
        if (raw.length > MAX_SIZE) {
            throw MailboxException.tooLarge("message larger than " + MAX_SIZE + " octets");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            ParsedMessage parsed = edu.hamburger.mail.mailbox.mime.MessageParser.parse(raw);
            return new StoredMessage(raw, parsed, digest, SearchGrams.ofMessage(parsed.headerText(), parsed.bodyText()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
