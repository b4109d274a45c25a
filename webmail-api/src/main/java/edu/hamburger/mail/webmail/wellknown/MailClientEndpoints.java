package edu.hamburger.mail.webmail.wellknown;

/**
 * Where a mail client of this deployment connects: one host name and the port of each way in
 * (implicit TLS and STARTTLS for IMAP, POP3 and submission), as published to the users.
 */
public record MailClientEndpoints(String domain, String hostname, int imaps, int imap, int pop3s, int pop3, int submissions,
        int submission) {
}
