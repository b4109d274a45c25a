package edu.hamburger.mail.webmail.wellknown;

import edu.hamburger.mail.core.text.Xml;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files mail clients fetch to set themselves up: Thunderbird's autoconfig (config-v1.1.xml,
 * also read by K-9/Thunderbird for Android, Evolution and KMail) and Microsoft's Autodiscover
 * "POX" answer (Outlook, and iOS/macOS Mail for Exchange-style discovery). Implicit TLS is listed
 * first, as RFC 8314 asks; every server wants the full address as user name and the password
 * over TLS.
 */
public final class ClientSetupDocuments {

    /** An Autodiscover request is a few hundred bytes; anything bigger is not one. */
    public static final int MAX_AUTODISCOVER_REQUEST = 8 * 1024;
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("<(?:\\w+:)?EMailAddress>\\s*([^<\\s]{1,320})\\s*</(?:\\w+:)?EMailAddress>");

    private ClientSetupDocuments() {
    }

    public static String thunderbird(MailClientEndpoints endpoints) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n");
        xml.append("  <emailProvider id=\"").append(Xml.escape(endpoints.domain())).append("\">\n");
        Xml.element(xml, 4, "domain", endpoints.domain());
        Xml.element(xml, 4, "displayName", "Mail at " + endpoints.domain());
        Xml.element(xml, 4, "displayShortName", endpoints.domain());
        server(xml, "incomingServer", "imap", endpoints.hostname(), endpoints.imaps(), "SSL");
        server(xml, "incomingServer", "imap", endpoints.hostname(), endpoints.imap(), "STARTTLS");
        server(xml, "incomingServer", "pop3", endpoints.hostname(), endpoints.pop3s(), "SSL");
        server(xml, "incomingServer", "pop3", endpoints.hostname(), endpoints.pop3(), "STARTTLS");
        server(xml, "outgoingServer", "smtp", endpoints.hostname(), endpoints.submissions(), "SSL");
        server(xml, "outgoingServer", "smtp", endpoints.hostname(), endpoints.submission(), "STARTTLS");
        return xml.append("  </emailProvider>\n</clientConfig>\n").toString();
    }

    private static void server(StringBuilder xml, String element, String type, String host, int port, String socket) {
        xml.append("    <").append(element).append(" type=\"").append(type).append("\">\n");
        Xml.element(xml, 6, "hostname", host);
        Xml.element(xml, 6, "port", port);
        Xml.element(xml, 6, "socketType", socket);
        Xml.element(xml, 6, "authentication", "password-cleartext");
        Xml.element(xml, 6, "username", "%EMAILADDRESS%");
        xml.append("    </").append(element).append(">\n");
    }

    /** The address an Autodiscover request asks about, or null. Read by pattern: no XML parser meets the request. */
    public static String autodiscoverAddress(String request) {
        Matcher address = EMAIL_ADDRESS.matcher(request);
        return address.find() ? address.group(1) : null;
    }

    public static String autodiscover(MailClientEndpoints endpoints, String address) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006\">\n")
                .append("  <Response xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a\">\n")
                .append("    <Account>\n");
        Xml.element(xml, 6, "AccountType", "email");
        Xml.element(xml, 6, "Action", "settings");
        protocol(xml, "IMAP", endpoints.hostname(), endpoints.imaps(), address);
        protocol(xml, "POP3", endpoints.hostname(), endpoints.pop3s(), address);
        protocol(xml, "SMTP", endpoints.hostname(), endpoints.submissions(), address);
        return xml.append("    </Account>\n  </Response>\n</Autodiscover>\n").toString();
    }

    private static void protocol(StringBuilder xml, String type, String host, int port, String address) {
        xml.append("      <Protocol>\n");
        Xml.element(xml, 8, "Type", type);
        Xml.element(xml, 8, "Server", host);
        Xml.element(xml, 8, "Port", port);
        Xml.element(xml, 8, "LoginName", address);
        Xml.element(xml, 8, "DomainRequired", "off");
        Xml.element(xml, 8, "SPA", "off");
        Xml.element(xml, 8, "SSL", "on");
        Xml.element(xml, 8, "AuthRequired", "on");
        xml.append("      </Protocol>\n");
    }
}
