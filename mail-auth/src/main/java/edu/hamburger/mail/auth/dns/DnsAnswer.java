package edu.hamburger.mail.auth.dns;

import java.util.List;

/**
 * What DNS said about one name and type. {@code records} holds the answers of the asked type only
 * (CNAMEs followed by the recursive server are not included); NODATA is {@link Status#OK} with no
 * records, which SPF and DMARC treat differently from a name that does not exist.
 *
 * @param records TXT: each record's strings joined (RFC 7208 §3.3); MX: "preference exchange";
 *                A/AAAA: the address as text; PTR: the target name without the final dot
 */
public record DnsAnswer(Status status, List<String> records, String detail, boolean authenticated) {

    /**
     * An answer whose DNSSEC state is unknown or insecure. {@code authenticated}: the recursive
     * server set the AD bit (RFC 4035 §3.2.3), i.e. it validated the answer; meaningful only when
     * that server is trusted and the path to it is (a validating resolver on the node, as for
     * Postfix's DANE).
     */
    public DnsAnswer(Status status, List<String> records, String detail) {
        this(status, records, detail, false);
    }

    public enum Status {
        /** the name exists; the records may be empty (NODATA) */
        OK,
        /** RCODE 3: the name does not exist */
        NXDOMAIN,
        /** SERVFAIL, REFUSED, a timeout or an unreadable answer: try again later */
        TEMPORARY_ERROR
    }

    public static DnsAnswer of(List<String> records) {
        return new DnsAnswer(Status.OK, List.copyOf(records), null);
    }

    public static DnsAnswer nxdomain() {
        return new DnsAnswer(Status.NXDOMAIN, List.of(), "NXDOMAIN");
    }

    public static DnsAnswer temporaryError(String detail) {
        return new DnsAnswer(Status.TEMPORARY_ERROR, List.of(), detail);
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** NXDOMAIN or an empty answer: a "void lookup" in RFC 7208 §4.6.4's words */
    public boolean isVoid() {
        return status == Status.NXDOMAIN || (status == Status.OK && records.isEmpty());
    }
}
