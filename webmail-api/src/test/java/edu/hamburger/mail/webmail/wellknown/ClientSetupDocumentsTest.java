package edu.hamburger.mail.webmail.wellknown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class ClientSetupDocumentsTest {

    static final MailClientEndpoints ENDPOINTS = new MailClientEndpoints("hamburger.edu", "mail.hamburger.edu", 993, 143, 995, 110, 465, 587);

    /** What a client's parser sees: the JDK's, namespace-aware, with DTDs refused. */
    public static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS("*", name).item(0).getTextContent();
    }

    @Test
    void thunderbirdGetsImapPop3AndSubmissionImplicitTlsFirst() throws Exception {
        Document config = parse(ClientSetupDocuments.thunderbird(ENDPOINTS));
        assertEquals("clientConfig", config.getDocumentElement().getTagName());
        Element provider = (Element) config.getElementsByTagName("emailProvider").item(0);
        assertEquals("hamburger.edu", provider.getAttribute("id"));
        assertEquals("hamburger.edu", text(provider, "domain"));
        List<String> servers = new ArrayList<>();
        NodeList incoming = config.getElementsByTagName("incomingServer");
        NodeList outgoing = config.getElementsByTagName("outgoingServer");
        for (NodeList list : List.of(incoming, outgoing)) {
            for (int i = 0; i < list.getLength(); i++) {
                Element server = (Element) list.item(i);
                servers.add(server.getAttribute("type") + " " + text(server, "hostname") + ":" + text(server, "port") + " "
                        + text(server, "socketType") + " " + text(server, "username") + " " + text(server, "authentication"));
            }
        }
        assertEquals(List.of(
                "imap mail.hamburger.edu:993 SSL %EMAILADDRESS% password-cleartext",
                "imap mail.hamburger.edu:143 STARTTLS %EMAILADDRESS% password-cleartext",
                "pop3 mail.hamburger.edu:995 SSL %EMAILADDRESS% password-cleartext",
                "pop3 mail.hamburger.edu:110 STARTTLS %EMAILADDRESS% password-cleartext",
                "smtp mail.hamburger.edu:465 SSL %EMAILADDRESS% password-cleartext",
                "smtp mail.hamburger.edu:587 STARTTLS %EMAILADDRESS% password-cleartext"), servers);
    }

    @Test
    void autodiscoverAnswersOutlooksRequestWithTheAddressAsLogin() throws Exception {
        String request = """
                <?xml version="1.0" encoding="utf-8"?>
                <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">
                  <Request>
                    <EMailAddress>bob@hamburger.edu</EMailAddress>
                    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>
                  </Request>
                </Autodiscover>""";
        String address = ClientSetupDocuments.autodiscoverAddress(request);
        assertEquals("bob@hamburger.edu", address);
        Document answer = parse(ClientSetupDocuments.autodiscover(ENDPOINTS, address));
        assertEquals("http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006", answer.getDocumentElement().getNamespaceURI());
        NodeList protocols = answer.getElementsByTagNameNS("*", "Protocol");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < protocols.getLength(); i++) {
            Element protocol = (Element) protocols.item(i);
            seen.add(text(protocol, "Type") + " " + text(protocol, "Server") + ":" + text(protocol, "Port") + " "
                    + text(protocol, "LoginName") + " SSL=" + text(protocol, "SSL"));
        }
        assertEquals(List.of("IMAP mail.hamburger.edu:993 bob@hamburger.edu SSL=on", "POP3 mail.hamburger.edu:995 bob@hamburger.edu SSL=on",
                "SMTP mail.hamburger.edu:465 bob@hamburger.edu SSL=on"), seen);
    }

    @Test
    void aRequestWithoutAnAddressHasNoneAndMarkupInAnAddressIsEscaped() throws Exception {
        assertNull(ClientSetupDocuments.autodiscoverAddress("<Autodiscover><Request/></Autodiscover>"));
        assertEquals("a&b@hamburger.edu", ClientSetupDocuments.autodiscoverAddress("<a:EMailAddress> a&b@hamburger.edu </a:EMailAddress>"));
        Document answer = parse(ClientSetupDocuments.autodiscover(ENDPOINTS, "x\"&<y>@hamburger.edu"));
        assertEquals("x\"&<y>@hamburger.edu", text((Element) answer.getElementsByTagNameNS("*", "Protocol").item(0), "LoginName"));
    }

    /** A plist's dict as key to value text ("true"/"false" for booleans); nested dicts by path "PayloadContent.0.Key". */
    public static java.util.Map<String, String> plist(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        Element root = (Element) document.getDocumentElement().getElementsByTagName("dict").item(0);
        readDict(root, "", values);
        return values;
    }

    private static void readDict(Element dict, String prefix, java.util.Map<String, String> values) {
        String key = null;
        for (org.w3c.dom.Node node = dict.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element element)) {
                continue;
            }
            switch (element.getTagName()) {
                case "key" -> key = element.getTextContent();
                case "true", "false" -> values.put(prefix + key, element.getTagName());
                case "array" -> {
                    int i = 0;
                    for (org.w3c.dom.Node item = element.getFirstChild(); item != null; item = item.getNextSibling()) {
                        if (item instanceof Element child && child.getTagName().equals("dict")) {
                            readDict(child, prefix + key + "." + i++ + ".", values);
                        }
                    }
                }
                default -> values.put(prefix + key, element.getTextContent());
            }
        }
    }

    @Test
    void appleProfileSetsUpImapAndSubmissionOverTlsWithoutAPassword() throws Exception {
        String xml = ClientSetupDocuments.appleProfile(ENDPOINTS, "bob@hamburger.edu");
        java.util.Map<String, String> profile = plist(xml);
        assertEquals("Configuration", profile.get("PayloadType"));
        assertEquals("1", profile.get("PayloadVersion"));
        assertEquals("com.apple.mail.managed", profile.get("PayloadContent.0.PayloadType"));
        assertEquals("EmailTypeIMAP", profile.get("PayloadContent.0.EmailAccountType"));
        assertEquals("mail.hamburger.edu", profile.get("PayloadContent.0.IncomingMailServerHostName"));
        assertEquals("993", profile.get("PayloadContent.0.IncomingMailServerPortNumber"));
        assertEquals("true", profile.get("PayloadContent.0.IncomingMailServerUseSSL"));
        assertEquals("465", profile.get("PayloadContent.0.OutgoingMailServerPortNumber"));
        assertEquals("true", profile.get("PayloadContent.0.OutgoingMailServerUseSSL"));
        assertEquals("bob@hamburger.edu", profile.get("PayloadContent.0.IncomingMailServerUsername"));
        assertTrue(profile.get("PayloadIdentifier").startsWith("edu.hamburger.mail."), profile.get("PayloadIdentifier"));
        assertFalse(xml.contains("<key>IncomingPassword</key>") || xml.contains("<key>OutgoingPassword</key>"), "no password travels in the profile");
        assertEquals(profile.get("PayloadUUID"), plist(ClientSetupDocuments.appleProfile(ENDPOINTS, "bob@hamburger.edu")).get("PayloadUUID"),
                "installing it again replaces the account");
        assertFalse(profile.get("PayloadUUID").equals(plist(ClientSetupDocuments.appleProfile(ENDPOINTS, "alice@hamburger.edu")).get("PayloadUUID")));

        // a property-list parser nobody here wrote: Python's plistlib (as Apple's own tools read it)
        Process python = new ProcessBuilder("python3", "-c", "import plistlib,sys; p = plistlib.loads(sys.stdin.buffer.read()); "
                + "a = p['PayloadContent'][0]; print(a['IncomingMailServerPortNumber'], a['OutgoingMailServerUseSSL'], a['EmailAddress'])")
                .redirectErrorStream(true).start();
        python.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String read = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(python.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("993 True bob@hamburger.edu", read);
    }
}
