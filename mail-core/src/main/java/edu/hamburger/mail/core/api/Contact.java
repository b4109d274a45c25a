package edu.hamburger.mail.core.api;

/** A person in an account's address book: the name the user gave and the address. */
public record Contact(String name, String address) {

    /** Longest name kept. */
    public static final int MAX_NAME = 200;
    /** Most contacts one account keeps. */
    public static final int MAX_CONTACTS = 5000;

    public Contact {
        name = name == null ? "" : name;
    }
}
