package edu.hamburger.mail.auth.dkim;

import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A message's ARC fields by instance (RFC 8617 §4.1): what the verifier checks and the sealer extends. */
record ArcSets(TreeMap<Integer, HeaderField> seals, TreeMap<Integer, HeaderField> signatures, TreeMap<Integer, HeaderField> results) {

    private static final Pattern INSTANCE = Pattern.compile("^\\s*i\\s*=\\s*([0-9]{1,3})\\s*;");

    /** The sets; {@link IllegalArgumentException} for a field without a readable i= or a repeated instance. */
    static ArcSets of(HeaderSection header) {
        ArcSets sets = new ArcSets(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        for (HeaderField field : header.fields()) {
            Map<Integer, HeaderField> set = field.is("ARC-Seal") ? sets.seals : field.is("ARC-Message-Signature") ? sets.signatures
                    : field.is("ARC-Authentication-Results") ? sets.results : null;
            if (set == null) {
                continue;
            }
            Matcher instance = INSTANCE.matcher(field.value());
            if (!instance.find()) {
                throw new IllegalArgumentException(field.name() + " without a readable i=");
            }
            if (set.put(Integer.parseInt(instance.group(1)), field) != null) {
                throw new IllegalArgumentException("two " + field.name() + " fields with i=" + instance.group(1));
            }
        }
        return sets;
    }

    boolean isEmpty() {
        return seals.isEmpty() && signatures.isEmpty() && results.isEmpty();
    }

    /** The highest instance of any of the three fields. */
    int newest() {
        return Math.max(seals.isEmpty() ? 0 : seals.lastKey(),
                Math.max(signatures.isEmpty() ? 0 : signatures.lastKey(), results.isEmpty() ? 0 : results.lastKey()));
    }

    /**
     * What seal {@code instance} signs (§5.1.1), relaxed: sets 1..instance in order (results,
     * message signature, seal), without the seal of {@code instance} itself, which the caller
     * appends with an empty b=.
     */
    String sealedData(byte[] message, int instance) {
        StringBuilder data = new StringBuilder();
        for (int j = 1; j <= instance; j++) {
            data.append(relaxed(message, results.get(j))).append(relaxed(message, signatures.get(j)));
            if (j < instance) {
                data.append(relaxed(message, seals.get(j)));
            }
        }
        return data.toString();
    }

    static String relaxed(byte[] message, HeaderField field) {
        return Canonicalization.RELAXED.header(Canonicalization.latin1(message, field.start(), field.end()));
    }
}
