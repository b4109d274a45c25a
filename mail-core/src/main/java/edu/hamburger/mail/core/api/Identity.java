package edu.hamburger.mail.core.api;

/**
 * An address an account writes as (its own, or one of its aliases), with the display name that
 * goes in From: and the signature the web client puts under a new message (plain text).
 */
public record Identity(String address, String displayName, String signature) {

    /** Longest display name kept; it goes in a header line. */
    public static final int MAX_DISPLAY_NAME = 100;
    /** Longest signature kept, in characters: a few lines, not a document. */
    public static final int MAX_SIGNATURE = 2000;

    public Identity {
        displayName = displayName == null ? "" : displayName;
        signature = signature == null ? "" : signature;
    }
}
