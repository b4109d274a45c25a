package edu.hamburger.mail.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The MTA-STS policy (RFC 8461 §3.2) this deployment publishes for its domains: the webmail serves
 * it at https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt and mailbox-service's DNS records
 * announce it in _mta-sts.&lt;domain&gt; with an id that changes whenever the text does.
 *
 * @param mode   enforce, testing or none
 * @param mxHosts the MX host names senders may deliver to
 * @param maxAge seconds senders may cache the policy
 */
public record MtaStsPolicy(String mode, List<String> mxHosts, long maxAge) {

    public MtaStsPolicy {
        mode = mode.toLowerCase(Locale.ROOT);
        if (!List.of("enforce", "testing", "none").contains(mode)) {
            throw new IllegalArgumentException("MTA-STS mode is enforce, testing or none, not " + mode);
        }
        mxHosts = List.copyOf(mxHosts);
    }

    /** The policy file, CRLF line ends as the RFC's ABNF has them. */
    public String text() {
        StringBuilder text = new StringBuilder("version: STSv1\r\nmode: ").append(mode).append("\r\n");
        mxHosts.forEach(mx -> text.append("mx: ").append(mx).append("\r\n"));
        return text.append("max_age: ").append(maxAge).append("\r\n").toString();
    }

    /** The id= of the TXT record: 1 to 32 alphanumerics, here the first 20 hex digits of the text's SHA-256. */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
