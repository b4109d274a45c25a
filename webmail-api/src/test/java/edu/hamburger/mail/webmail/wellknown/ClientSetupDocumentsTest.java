package edu.hamburger.mail.webmail.wellknown;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
