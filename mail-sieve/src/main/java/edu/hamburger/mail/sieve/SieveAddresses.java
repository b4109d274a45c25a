package edu.hamburger.mail.sieve;

import edu.hamburger.mail.core.address.MailAddress;

/** The address parts of RFC 5228 §2.7.4 and RFC 5233 (subaddress) of an address a test looks at. */
final class SieveAddresses {

    private SieveAddresses() {
    }

    static boolean plausible(String address) {
        try {
            MailAddress.parse(address);
            return true;
        } catch (IllegalArgumentException e) { // AddressSyntaxException among them
            return false;
        }
    }

    /**
     * The part of {@code address} a test compares; null when the part does not exist (":detail" of an
     * address without the separator, RFC 5233 §4: such an address does not match at all).
     */
    static String part(String address, String part, String separator) {
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String domain = at < 0 ? "" : address.substring(at + 1);
        int split = separator.isEmpty() ? -1 : local.indexOf(separator);
        return switch (part) {
            case "localpart" -> local;
            case "domain" -> domain;
            case "user" -> split < 0 ? local : local.substring(0, split);
            case "detail" -> split < 0 ? null : local.substring(split + separator.length());
            default -> address;
        };
    }
}
