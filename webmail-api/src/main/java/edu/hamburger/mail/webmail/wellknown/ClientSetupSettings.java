package edu.hamburger.mail.webmail.wellknown;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the autoconfiguration files tell mail clients: the public host name (the MX host by
 * default, as mail.&lt;domain&gt;) and the ports users reach, which behind a load balancer or in
 * the local stack are not the ports the gateways listen on.
 */
@ApplicationScoped
public class ClientSetupSettings {

    @ConfigProperty(name = "mail.domain")
    String domain;

    @ConfigProperty(name = "mail.mx-hostname")
    Optional<String> mxHostname;

    @ConfigProperty(name = "mail.client-setup.hostname")
    Optional<String> hostname;

    @ConfigProperty(name = "mail.client-setup.imaps-port", defaultValue = "993")
    int imaps;

    @ConfigProperty(name = "mail.client-setup.imap-port", defaultValue = "143")
    int imap;

    @ConfigProperty(name = "mail.client-setup.pop3s-port", defaultValue = "995")
    int pop3s;

    @ConfigProperty(name = "mail.client-setup.pop3-port", defaultValue = "110")
    int pop3;

    @ConfigProperty(name = "mail.client-setup.submissions-port", defaultValue = "465")
    int submissions;

    @ConfigProperty(name = "mail.client-setup.submission-port", defaultValue = "587")
    int submission;

    public MailClientEndpoints endpoints() {
        String host = hostname.or(() -> mxHostname).orElse("mail." + domain);
        return new MailClientEndpoints(domain, host, imaps, imap, pop3s, pop3, submissions, submission);
    }
}
