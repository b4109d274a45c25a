package edu.hamburger.mail.core.api;

/** Every error of the internal API: a stable code for programs and a sentence for people. */
public record ApiError(String error, String message) {
}
