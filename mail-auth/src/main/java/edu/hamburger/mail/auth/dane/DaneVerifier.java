package edu.hamburger.mail.auth.dane;

import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Checks an SMTP server's certificate chain against its DNSSEC-validated TLSA records as RFC 7672
 * §3 says: a DANE-EE(3) record must match the server's own certificate, and nothing else is
 * checked (not the name, not the dates: the DNS vouches for the key); a DANE-TA(2) record must
 * match a certificate of the chain the server sent, which then anchors the chain below it (PKIX,
 * revocation not checked), and the server's certificate must name the MX host or the
 * destination domain (wildcards in the left-most label only).
 */
public final class DaneVerifier {

    private DaneVerifier() {
    }

    /**
     * @param chain the server's chain as sent, its own certificate first
     * @param names the reference identifiers for DANE-TA: the MX host name, the next-hop domain
     * @return null when the chain is authenticated, else why not
     */
    public static String check(List<X509Certificate> chain, List<TlsaRecord> records, List<String> names) {
        if (chain.isEmpty()) {
            return "the server sent no certificate";
        }
        List<TlsaRecord> usable = records.stream().filter(TlsaRecord::usable).toList();
        for (TlsaRecord record : usable) {
            if (record.usage() == TlsaRecord.DANE_EE && record.matches(chain.get(0))) {
                return null;
            }
        }
        String reason = "the certificate matches none of the TLSA records " + usable;
        for (TlsaRecord record : usable) {
            if (record.usage() != TlsaRecord.DANE_TA) {
                continue;
            }
            for (int anchor = 0; anchor < chain.size(); anchor++) {
                if (!record.matches(chain.get(anchor))) {
                    continue;
                }
                String pathProblem = validPath(chain.subList(0, anchor), chain.get(anchor));
                if (pathProblem != null) {
                    reason = "the chain below the DANE-TA trust anchor does not validate: " + pathProblem;
                } else if (!namesOneOf(chain.get(0), names)) {
                    reason = "the certificate names none of " + names;
                } else {
                    return null;
                }
            }
        }
        return reason;
    }

    private static String validPath(List<X509Certificate> below, X509Certificate anchor) {
        if (below.isEmpty()) {
            return null; // the server's own certificate is the anchor
        }
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(below), parameters);
            return null;
        } catch (CertPathValidatorException | CertificateException | InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
            return e.getMessage();
        }
    }

    /** RFC 6125 matching of DNS-IDs (the subject CN only when there is no DNS-ID), case-insensitive. */
    static boolean namesOneOf(X509Certificate certificate, List<String> names) {
        List<String> presented = new ArrayList<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> san : certificate.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        presented.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        if (presented.isEmpty()) {
            String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
            for (String part : dn.split(",")) {
                if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                    presented.add(part.substring(3));
                }
            }
        }
        for (String name : names) {
            String host = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
            for (String id : presented) {
                String pattern = id.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
                if (pattern.equals(host)) {
                    return true;
                }
                int dot = host.indexOf('.');
                if (pattern.startsWith("*.") && dot > 0 && host.substring(dot + 1).equals(pattern.substring(2))) {
                    return true;
                }
            }
        }
        return false;
    }
}
