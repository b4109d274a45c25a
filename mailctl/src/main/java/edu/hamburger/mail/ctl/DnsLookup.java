package edu.hamburger.mail.ctl;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;

/**
 * DNS questions through the JDK's own resolver (JNDI's dns: provider), so the command line stays
 * one small jar; the services' validating resolver (mail-auth) is not needed to compare a zone
 * with what the API says.
 */
final class DnsLookup {

    private final String server;

    DnsLookup(String server) {
        this.server = server == null || server.isBlank() ? "" : server.strip();
    }

    /** The record data of {@code name}'s {@code type} records; empty when there are none. */
    List<String> lookup(String name, String type) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://" + server);
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        InitialDirContext context = new InitialDirContext(env);
        try {
            Attributes attributes = context.getAttributes(name + ".", new String[] {type});
            Attribute attribute = attributes.get(type);
            List<String> values = new ArrayList<>();
            if (attribute != null) {
                NamingEnumeration<?> all = attribute.getAll();
                while (all.hasMore()) {
                    values.add(String.valueOf(all.next()));
                }
            }
            return values;
        } catch (NameNotFoundException nxdomain) {
            return List.of();
        } finally {
            context.close();
        }
    }

    /**
     * Whether an answer carries the expected data: names compared without the final dot and case,
     * TXT without the quoting and the spaces between its strings (a zone splits long values).
     */
    static boolean sameData(String type, String answer, String expected) {
        return switch (type) {
            case "TXT" -> squeeze(answer).equals(squeeze(expected));
            default -> names(answer).equals(names(expected));
        };
    }

    private static String squeeze(String text) {
        return text.replace("\"", "").replaceAll("\\s+", "");
    }

    private static String names(String text) {
        return text.strip().replaceAll("\\.(\\s|$)", "$1").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
