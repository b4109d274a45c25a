package edu.hamburger.mail.core.api;

/**
 * Every error of the internal API: a stable code for programs ({@code error}, one of
 * {@link ErrorCode}'s wire names) and a sentence for people.
 */
public record ApiError(String error, String message) {

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code.wire(), message);
    }
}
