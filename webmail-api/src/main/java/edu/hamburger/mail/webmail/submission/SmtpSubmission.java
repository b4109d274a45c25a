package edu.hamburger.mail.webmail.submission;

import edu.hamburger.mail.webmail.WebmailSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends a composed message the way a mail program would: SMTP submission to smtp-gateway
 * (RFC 6409), STARTTLS required and the server's certificate checked, AUTH PLAIN with the
 * webmail's own credential on behalf of the signed-in account (the authorization identity, as
 * with Dovecot's master users): the webmail never holds a user's password after sign-in.
 * smtp-gateway then applies to the webmail exactly the rules it applies to any client of that
 * account: only its own addresses as sender, its limits, its queue. Blocking (Angus Mail): call
 * it from a worker thread.
 */
@ApplicationScoped
public class SmtpSubmission {

    private final WebmailSettings.Submission settings;
    private final SSLSocketFactory tls;

    public SmtpSubmission(WebmailSettings settings) {
        this.settings = settings.submission();
        this.tls = socketFactory(this.settings);
    }

    /** What smtp-gateway said when it did not take the message. */
    public static final class SubmissionException extends Exception {
        private final int smtpCode;

        public SubmissionException(int smtpCode, String message, Throwable cause) {
            super(message, cause);
            this.smtpCode = smtpCode;
        }

        /** The SMTP reply code, or -1 when the gateway could not be reached or TLS failed. */
        public int smtpCode() {
            return smtpCode;
        }

        public boolean permanent() {
            return smtpCode >= 500;
        }

        public boolean authentication() {
            return smtpCode == 535 || getCause() instanceof AuthenticationFailedException;
        }
    }

    /**
     * Submits as {@code account} (its address), with {@code sender} (the account's address or one of
     * its aliases) as the envelope sender; fails with 535 when smtp-gateway refuses the webmail's credential.
     */
    public void submit(String account, String sender, byte[] message, List<String> recipients) throws SubmissionException {
        if (settings.masterSecret().isEmpty() || settings.masterSecret().get().isBlank()) {
            throw new SubmissionException(-1, "mail.webmail.submission.master-secret is not set: the webmail cannot send", null);
        }
        Properties properties = new Properties();
        properties.put("mail.smtp.sasl.authorizationid", account);
        properties.put("mail.smtp.from", sender);
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", Integer.toString(settings.port()));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.auth.mechanisms", "PLAIN");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.checkserveridentity", "true");
        properties.put("mail.smtp.ssl.socketFactory", tls);
        properties.put("mail.smtp.connectiontimeout", Long.toString(settings.timeout().toMillis()));
        properties.put("mail.smtp.timeout", Long.toString(settings.timeout().toMillis()));
        properties.put("mail.smtp.writetimeout", Long.toString(settings.timeout().toMillis()));
        // no mail.smtp.allow8bitmime: it would re-encode text parts to 8bit on the way, and the copy
        // in Sent would no longer be the bytes that were sent (the system test compares them)
        Session session = Session.getInstance(properties);
        try {
            MimeMessage parsed = new MimeMessage(session, new ByteArrayInputStream(message));
            InternetAddress[] envelope = new InternetAddress[recipients.size()];
            for (int i = 0; i < envelope.length; i++) {
                envelope[i] = new InternetAddress(recipients.get(i));
            }
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(settings.host(), settings.port(), settings.masterUser(), settings.masterSecret().get());
                transport.sendMessage(parsed, envelope);
            }
        } catch (AuthenticationFailedException e) {
            throw new SubmissionException(535, "the mail server did not accept your credentials", e);
        } catch (SendFailedException e) {
            throw refused(e);
        } catch (MessagingException e) {
            throw new SubmissionException(-1, "the mail server could not be reached: " + e.getMessage(), e);
        }
    }

    private static SubmissionException refused(SendFailedException e) {
        Exception next = e;
        while (next != null) {
            if (next instanceof SMTPAddressFailedException address) {
                return new SubmissionException(address.getReturnCode(), address.getAddress() + ": " + reply(address.getMessage()), e);
            }
            if (next instanceof SMTPSendFailedException failed) {
                return new SubmissionException(failed.getReturnCode(), reply(failed.getMessage()), e);
            }
            next = next instanceof MessagingException m ? m.getNextException() : null;
        }
        return new SubmissionException(550, reply(e.getMessage()), e);
    }

    /** The server's reply text without its code and trailing line end. */
    private static String reply(String message) {
        return message == null ? "refused" : message.trim().replaceFirst("^\\d{3}[ -]", "");
    }

    private static SSLSocketFactory socketFactory(WebmailSettings.Submission settings) {
        if (settings.trustedCertificate().isEmpty() || settings.trustedCertificate().get().isBlank()) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        Path pem = Path.of(settings.trustedCertificate().get());
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("trusted-" + n++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read mail.webmail.submission.trusted-certificate " + pem + ": " + e.getMessage(), e);
        }
    }
}
