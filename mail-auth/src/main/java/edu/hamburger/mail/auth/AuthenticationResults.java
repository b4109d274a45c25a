package edu.hamburger.mail.auth;

import edu.hamburger.mail.auth.dkim.ArcVerifier;
import edu.hamburger.mail.auth.dkim.DkimResult;
import edu.hamburger.mail.auth.dmarc.DmarcResult;
import edu.hamburger.mail.auth.spf.SpfResult;
import edu.hamburger.mail.core.message.HeaderField;
import edu.hamburger.mail.core.message.HeaderSection;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Authentication-Results header field (RFC 8601) the MX writes once per message, and the
 * removal of any such field that claims to come from us (§5): a sender must not be able to write
 * "dkim=pass" under our name.
 */
public final class AuthenticationResults {

    private AuthenticationResults() {
    }

    /** The field with its line break, folded one method per line. */
    public static String field(String authservId, SpfResult spf, List<DkimResult> dkim, DmarcResult dmarc) {
        return field(authservId, spf, dkim, null, dmarc);
    }

    /** @param arc the ARC chain's state, or null when it was not checked */
    public static String field(String authservId, SpfResult spf, List<DkimResult> dkim, ArcVerifier.ArcResult arc, DmarcResult dmarc) {
        List<String> results = new ArrayList<>();
        if (spf != null) {
            String property = spf.identity().equals("helo") ? "smtp.helo=" : "smtp.mailfrom=";
            results.add("spf=" + spf.result().keyword() + reason(spf.result() == SpfResult.Result.PASS ? null : spf.reason())
                    + " " + property + value(spf.domain()));
        }
        if (dkim.isEmpty()) {
            results.add("dkim=none");
        }
        for (DkimResult result : dkim) {
            StringBuilder method = new StringBuilder("dkim=").append(result.result().keyword()).append(reason(result.reason()));
            if (result.domain() != null) {
                method.append(" header.d=").append(value(result.domain()));
            }
            if (result.selector() != null) {
                method.append(" header.s=").append(value(result.selector()));
            }
            if (result.algorithm() != null) {
                method.append(" header.a=").append(value(result.algorithm()));
            }
            if (result.headerB() != null) {
                method.append(" header.b=").append(value(result.headerB()));
            }
            results.add(method.toString());
        }
        if (arc != null) {
            results.add("arc=" + arc.result().keyword() + (arc.result() == ArcVerifier.ArcResult.Result.PASS ? " (i=" + arc.instances() + ")" : "")
                    + reason(arc.reason()));
        }
        if (dmarc != null) {
            StringBuilder method = new StringBuilder("dmarc=").append(dmarc.result().keyword());
            if (dmarc.published() != null) {
                method.append(" (p=").append(dmarc.published().keyword()).append(" dis=").append(dmarc.applied().keyword()).append(')');
            }
            if (dmarc.fromDomain() != null) {
                method.append(" header.from=").append(value(dmarc.fromDomain()));
            }
            results.add(method.toString());
        }
        return "Authentication-Results: " + authservId + ";\r\n\t" + String.join(";\r\n\t", results) + "\r\n";
    }

    /** The message without header fields of this name whose authserv-id is ours (compared case-insensitively). */
    public static byte[] withoutOurs(byte[] message, String authservId) {
        HeaderSection header = HeaderSection.parse(message, 0, message.length);
        List<HeaderField> forged = new ArrayList<>();
        for (HeaderField field : header.fields()) {
            if (field.is("Authentication-Results") && authservIdOf(field.value()).equalsIgnoreCase(authservId)) {
                forged.add(field);
            }
        }
        if (forged.isEmpty()) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int pos = 0;
        for (HeaderField field : forged) {
            out.write(message, pos, field.start() - pos);
            pos = field.end();
        }
        out.write(message, pos, message.length - pos);
        return out.toByteArray();
    }

    /** The first token of the value, comments skipped: "mx.example.org (version) 1; spf=pass" → "mx.example.org". */
    static String authservIdOf(String value) {
        String v = value.replaceAll("\\([^)]*\\)", " ").strip();
        int end = 0;
        while (end < v.length() && v.charAt(end) != ';' && !Character.isWhitespace(v.charAt(end))) {
            end++;
        }
        String id = v.substring(0, end);
        return id.startsWith("\"") && id.endsWith("\"") && id.length() > 1 ? id.substring(1, id.length() - 1) : id;
    }

    private static String reason(String reason) {
        return reason == null ? "" : " reason=\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]", " ") + "\"";
    }

    /** A property value: a token as is, anything else quoted. */
    private static String value(String value) {
        return value.matches("[A-Za-z0-9!#$%&'*+\\-./=?^_`{|}~@]+") ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
