package edu.hamburger.mail.core.text;

/**
 * Writing small XML documents by hand (DMARC aggregate reports, mail client setup files): text
 * and attribute values escaped, one element per line. No parser here: the platform never reads
 * XML with entity or DTD processing.
 */
public final class Xml {

    private Xml() {
    }

    /** The value as element text or a double-quoted attribute. */
    public static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Appends {@code <name>value</name>} on a line of its own, indented by INDENT spaces. */
    public static void element(StringBuilder xml, int indent, String name, Object value) {
        xml.append(" ".repeat(indent)).append('<').append(name).append('>').append(escape(String.valueOf(value)))
                .append("</").append(name).append(">\n");
    }
}
