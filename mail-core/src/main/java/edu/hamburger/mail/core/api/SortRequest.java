package edu.hamburger.mail.core.api;

import java.util.List;

/**
 * SORT (RFC 5256, with DISPLAYFROM and DISPLAYTO of RFC 5957): the messages matching {@code key},
 * ordered by {@code criteria}, each ARRIVAL, CC, DATE, DISPLAYFROM, DISPLAYTO, FROM, SIZE, SUBJECT or
 * TO, optionally preceded by REVERSE as its own element. Equal messages keep mailbox order.
 */
public record SortRequest(List<String> criteria, SearchKey key) {

    public static final List<String> KEYS = List.of("ARRIVAL", "CC", "DATE", "DISPLAYFROM", "DISPLAYTO", "FROM", "SIZE",
            "SUBJECT", "TO");
    public static final String REVERSE = "REVERSE";
}
