package edu.hamburger.mail.auth.dmarc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The Public Suffix List (publicsuffix.org, MPL 2.0) shipped with the code, from Debian's
 * publicsuffix package of the build: DMARC's organisational domain is the public suffix plus one
 * label (RFC 7489 §3.2). Rules with "*" and "!" as the list's format defines them; names are
 * compared in their ASCII (punycode) form.
 */
public final class PublicSuffixList {

    private static final PublicSuffixList SHIPPED = load();

    private final Set<String> rules;
    private final Set<String> wildcards;
    private final Set<String> exceptions;

    private PublicSuffixList(Set<String> rules, Set<String> wildcards, Set<String> exceptions) {
        this.rules = rules;
        this.wildcards = wildcards;
        this.exceptions = exceptions;
    }

    public static PublicSuffixList shipped() {
        return SHIPPED;
    }

    /** The organisational domain: "mail.crepes.fr" → "crepes.fr", "a.b.example.co.uk" → "example.co.uk". */
    public String organisationalDomain(String domain) {
        String name = ascii(domain);
        String[] labels = name.split("\\.");
        int suffixLabels = suffixLength(labels);
        if (labels.length <= suffixLabels) {
            return name; // the name is itself a public suffix
        }
        StringBuilder org = new StringBuilder();
        for (int i = labels.length - suffixLabels - 1; i < labels.length; i++) {
            if (org.length() > 0) {
                org.append('.');
            }
            org.append(labels[i]);
        }
        return org.toString();
    }

    /** How many labels at the right of the name are the public suffix (at least one: the implicit "*" rule). */
    private int suffixLength(String[] labels) {
        int longest = 1;
        for (int i = 0; i < labels.length; i++) {
            String candidate = String.join(".", java.util.Arrays.copyOfRange(labels, i, labels.length));
            int count = labels.length - i;
            if (exceptions.contains(candidate)) {
                return count - 1; // an exception rule wins, and is one label shorter
            }
            if (rules.contains(candidate) || (i + 1 < labels.length && wildcards.contains(
                    String.join(".", java.util.Arrays.copyOfRange(labels, i + 1, labels.length))))) {
                longest = Math.max(longest, count);
            }
        }
        return longest;
    }

    static String ascii(String domain) {
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        try {
            return IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return lower;
        }
    }

    private static PublicSuffixList load() {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        try (InputStream raw = PublicSuffixList.class.getResourceAsStream("public_suffix_list.dat.gz");
             BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String rule = line.strip();
                if (rule.isEmpty() || rule.startsWith("//")) {
                    continue;
                }
                int space = rule.indexOf(' ');
                rule = space < 0 ? rule : rule.substring(0, space);
                if (rule.startsWith("!")) {
                    exceptions.add(ascii(rule.substring(1)));
                } else if (rule.startsWith("*.")) {
                    wildcards.add(ascii(rule.substring(2)));
                } else {
                    rules.add(ascii(rule));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped public suffix list is unreadable", e);
        }
        return new PublicSuffixList(rules, wildcards, exceptions);
    }
}
