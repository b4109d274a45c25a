package edu.hamburger.mail.auth;

import edu.hamburger.mail.core.address.HeaderAddresses;
import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import java.util.List;

/**
 * The author domain (RFC 7489 §3.1: the domain of the RFC5322.From address): what DMARC checks
 * on the way in and what the relay signs for on the way out.
 */
public final class AuthorDomain {

    private AuthorDomain() {
    }

    /** The domain of the one From address; null for none, several From fields or several addresses (RFC 7489 §6.6.1). */
    public static String of(byte[] message) {
        return of(HeaderSection.parse(message, 0, message.length));
    }

    public static String of(HeaderSection header) {
        List<HeaderField> from = header.fields().stream().filter(f -> f.is("From")).toList();
        if (from.size() != 1) {
            return null;
        }
        List<String> addresses = HeaderAddresses.addrSpecs(from.get(0).value());
        if (addresses.size() != 1 || addresses.get(0).lastIndexOf('@') < 0) {
            return null;
        }
        String address = addresses.get(0);
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
