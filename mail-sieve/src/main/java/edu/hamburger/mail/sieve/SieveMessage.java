package edu.hamburger.mail.sieve;

import java.util.List;

/**
 * The message a script looks at, for one recipient: header fields decoded (RFC 2047 words and
 * folding undone, as RFC 5228 §2.7.2 asks), the addresses in address fields, the envelope, the
 * size, and the text of its body.
 */
public interface SieveMessage {

    /** Every value of the field, decoded and unfolded, in order; empty when absent. */
    List<String> header(String name);

    /** The addresses (local@domain) in every such field, groups flattened; empty when absent. */
    List<String> addresses(String name);

    /** The SMTP MAIL FROM, "" for the null sender. */
    String envelopeFrom();

    /** The RCPT TO this copy was delivered for, as the sender wrote it (with its +detail). */
    String envelopeTo();

    long size();

    /** The text parts, transfer-decoded and converted to Unicode, one after another (the body test's default :text). */
    String bodyText();

    /** The body as it arrived, after the header and before any decoding (body :raw). */
    String rawBody();

    /**
     * Every part of the message, the message itself first, depth first through multiparts and
     * enclosed messages, as the body test's {@code :content} matches them (RFC 5173 §5.2): a text
     * part's text in Unicode, another leaf's content with its transfer encoding undone, an
     * enclosed message (message/rfc822) its header; a multipart has no content of its own here.
     */
    List<Content> parts();

    /** A part's lower-case "type/subtype" and its content as {@link #parts} describes. */
    record Content(String mimeType, String content) {
    }
}
