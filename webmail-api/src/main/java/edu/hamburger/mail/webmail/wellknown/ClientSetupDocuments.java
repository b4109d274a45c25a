package edu.hamburger.mail.webmail.wellknown;

import edu.hamburger.mail.core.text.Xml;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files mail clients fetch to set themselves up: Thunderbird's autoconfig (config-v1.1.xml,
 * also read by K-9/Thunderbird for Android, Evolution and KMail) and Microsoft's Autodiscover
 * "POX" answer (Outlook, and iOS/macOS Mail for Exchange-style discovery), and Apple's
 * configuration profile for one signed-in user (iOS and macOS Mail). Implicit TLS is listed
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

    /**
     * An Apple configuration profile (a property list, {@code .mobileconfig}) with one
     * {@code com.apple.mail.managed} payload: IMAP over implicit TLS and submission over implicit
     * TLS, both with the full address as user name. No password is in it: Mail asks for it when
     * the profile is installed. The UUIDs derive from the address, so installing it again
     * replaces the account rather than adding a second one. Unsigned (iOS shows it as such).
     */
    public static String appleProfile(MailClientEndpoints endpoints, String address) {
        String id = reverse(endpoints.domain()) + ".mail";
        String profileUuid = java.util.UUID.nameUUIDFromBytes(("profile:" + address).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().toUpperCase(java.util.Locale.ROOT);
        String accountUuid = java.util.UUID.nameUUIDFromBytes(("account:" + address).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().toUpperCase(java.util.Locale.ROOT);
        StringBuilder plist = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n")
                .append("<plist version=\"1.0\">\n<dict>\n")
                .append("  <key>PayloadContent</key>\n  <array>\n    <dict>\n");
        entry(plist, "EmailAccountDescription", address);
        entry(plist, "EmailAccountType", "EmailTypeIMAP");
        entry(plist, "EmailAddress", address);
        entry(plist, "IncomingMailServerAuthentication", "EmailAuthPassword");
        entry(plist, "IncomingMailServerHostName", endpoints.hostname());
        entry(plist, "IncomingMailServerPortNumber", endpoints.imaps());
        entry(plist, "IncomingMailServerUseSSL", true);
        entry(plist, "IncomingMailServerUsername", address);
        entry(plist, "OutgoingMailServerAuthentication", "EmailAuthPassword");
        entry(plist, "OutgoingMailServerHostName", endpoints.hostname());
        entry(plist, "OutgoingMailServerPortNumber", endpoints.submissions());
        entry(plist, "OutgoingMailServerUseSSL", true);
        entry(plist, "OutgoingMailServerUsername", address);
        entry(plist, "OutgoingPasswordSameAsIncomingPassword", true);
        entry(plist, "PayloadDisplayName", "Mail (" + address + ")");
        entry(plist, "PayloadIdentifier", id + ".account." + accountUuid);
        entry(plist, "PayloadType", "com.apple.mail.managed");
        entry(plist, "PayloadUUID", accountUuid);
        entry(plist, "PayloadVersion", 1);
        plist.append("    </dict>\n  </array>\n");
        String indent = "  ";
        topLevel(plist, indent, "PayloadDescription", "Sets up Mail for " + address + " on " + endpoints.hostname() + ".");
        topLevel(plist, indent, "PayloadDisplayName", "Mail at " + endpoints.domain());
        topLevel(plist, indent, "PayloadIdentifier", id + "." + profileUuid);
        topLevel(plist, indent, "PayloadRemovalDisallowed", false);
        topLevel(plist, indent, "PayloadType", "Configuration");
        topLevel(plist, indent, "PayloadUUID", profileUuid);
        topLevel(plist, indent, "PayloadVersion", 1);
        return plist.append("</dict>\n</plist>\n").toString();
    }

    private static void entry(StringBuilder plist, String key, Object value) {
        topLevel(plist, "      ", key, value);
    }

    private static void topLevel(StringBuilder plist, String indent, String key, Object value) {
        plist.append(indent).append("<key>").append(Xml.escape(key)).append("</key>\n").append(indent);
        if (value instanceof Boolean flag) {
            plist.append(flag ? "<true/>" : "<false/>");
        } else if (value instanceof Integer number) {
            plist.append("<integer>").append(number).append("</integer>");
        } else {
            plist.append("<string>").append(Xml.escape(String.valueOf(value))).append("</string>");
        }
        plist.append("\n");
    }

    /** hamburger.edu -> edu.hamburger, the reverse-DNS style of payload identifiers. */
    private static String reverse(String domain) {
        java.util.List<String> labels = new java.util.ArrayList<>(java.util.List.of(domain.toLowerCase(java.util.Locale.ROOT).split("\\.")));
        java.util.Collections.reverse(labels);
        return String.join(".", labels);
    }
}
