package edu.hamburger.mail.core.api;

import java.util.List;

/** THREAD (RFC 5256): the messages matching {@code key}, threaded by {@code algorithm}, one of {@link #ALGORITHMS}. */
public record ThreadRequest(String algorithm, SearchKey key) {

    public static final List<String> ALGORITHMS = List.of("ORDEREDSUBJECT", "REFERENCES");
}
