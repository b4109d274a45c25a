package edu.hamburger.mail.ctl;

import edu.hamburger.mail.ctl.DoctorCommand.Finding;
import edu.hamburger.mail.ctl.DoctorCommand.Verdict;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Connects to one mail port and reads its greeting; on an implicit-TLS port (smtps, imaps, pop3s)
 * first shakes hands and reads the server's certificate. The certificate is read, not trusted:
 * a private CA is normal inside a cluster; what the doctor reports is when it expires.
 */
final class PortProbe {

    private PortProbe() {
    }

    static List<Finding> check(String kind, String address, int warnDays) {
        String what = "port " + kind + " " + address;
        List<Finding> findings = new ArrayList<>();
        String expected = switch (kind.replaceFirst("s$", "")) {
            case "smtp", "submission" -> "220";
            case "imap" -> "* OK";
            case "pop3" -> "+OK";
            default -> null;
        };
        if (expected == null) {
            findings.add(new Finding(Verdict.FAIL, what, "unknown kind (smtp, submission, smtps, imap, imaps, pop3, pop3s)"));
            return findings;
        }
        boolean tls = kind.equals("smtps") || kind.equals("imaps") || kind.equals("pop3s");
        int colon = address.lastIndexOf(':');
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 5000);
            plain.setSoTimeout(10_000);
            Socket socket = plain;
            if (tls) {
                SSLSocket secure = (SSLSocket) readingOnly().getSocketFactory().createSocket(plain, address.substring(0, colon), plain.getPort(), true);
                secure.startHandshake();
                X509Certificate certificate = (X509Certificate) secure.getSession().getPeerCertificates()[0];
                findings.add(certificate(kind, certificate, warnDays));
                socket = secure;
            }
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            findings.add(greeting != null && greeting.startsWith(expected)
                    ? new Finding(Verdict.OK, what, "greets: " + shorten(greeting))
                    : new Finding(Verdict.FAIL, what, "unexpected greeting: " + (greeting == null ? "(closed)" : shorten(greeting))));
        } catch (Exception e) {
            findings.add(new Finding(Verdict.FAIL, what, "no answer: " + AdminClient.describe(e)));
        }
        return findings;
    }

    static Finding certificate(String kind, X509Certificate certificate, int warnDays) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        long days = Duration.between(Instant.now(), notAfter).toDays();
        String what = "certificate " + kind;
        String detail = certificate.getSubjectX500Principal().getName() + ", expires " + notAfter + " (in " + days + " days)";
        if (notAfter.isBefore(Instant.now())) {
            return new Finding(Verdict.FAIL, what, "EXPIRED: " + detail);
        }
        return new Finding(days < warnDays ? Verdict.WARN : Verdict.OK, what, detail);
    }

    private static SSLContext readingOnly() throws Exception {
        TrustManager readAnything = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // read for its dates, never used to send anything secret
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {readAnything}, new SecureRandom());
        return context;
    }

    private static String shorten(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
