package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.core.message.BodyPart;
import edu.hamburger.mail.core.message.EnvelopeAddress;
import edu.hamburger.mail.core.message.MessageEnvelope;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE (RFC 3501 §7.4.2) from the structure mailbox-service parsed at
 * delivery: parenthesised lists of strings, numbers and NILs, in the RFC's order.
 */
final class StructureWriter {

    private StructureWriter() {
    }

    static void envelope(Response out, MessageEnvelope envelope) {
        if (envelope == null) {
            out.raw("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
            return;
        }
        out.raw("(").nstring(envelope.date()).space().nstring(envelope.subject()).space();
        addresses(out, envelope.from());
        out.space();
        // RFC 3501: sender and reply-to default to from when the message has none
        addresses(out, empty(envelope.sender()) ? envelope.from() : envelope.sender());
        out.space();
        addresses(out, empty(envelope.replyTo()) ? envelope.from() : envelope.replyTo());
        out.space();
        addresses(out, envelope.to());
        out.space();
        addresses(out, envelope.cc());
        out.space();
        addresses(out, envelope.bcc());
        out.space().nstring(envelope.inReplyTo()).space().nstring(envelope.messageId()).raw(")");
    }

    private static boolean empty(List<EnvelopeAddress> list) {
        return list == null || list.isEmpty();
    }

    private static void addresses(Response out, List<EnvelopeAddress> list) {
        if (empty(list)) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        for (EnvelopeAddress address : list) {
            out.raw("(").nstring(address.name()).space().nstring(address.adl()).space().nstring(address.mailbox()).space()
                    .nstring(address.host()).raw(")");
        }
        out.raw(")");
    }

    /** BODYSTRUCTURE when {@code extensible}, BODY otherwise. */
    static void body(Response out, BodyPart part, boolean extensible) {
        if (part == null) {
            out.raw("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)");
            return;
        }
        out.raw("(");
        if (part.multipart() && part.parts() != null && !part.parts().isEmpty()) {
            for (BodyPart child : part.parts()) {
                body(out, child, extensible);
            }
            out.space().string(upper(part.subtype()));
            if (extensible) {
                out.space();
                params(out, part.params());
                out.space();
                disposition(out, part);
                out.space();
                language(out, part.language());
                out.space().nstring(part.location());
            }
            out.raw(")");
            return;
        }
        out.string(upper(part.type())).space().string(upper(part.subtype())).space();
        params(out, part.params());
        out.space().nstring(part.contentId()).space().nstring(part.description()).space()
                .string(part.encoding() == null ? "7BIT" : upper(part.encoding())).space().raw(part.size());
        if (part.encapsulatesMessage()) {
            out.space();
            envelope(out, part.envelope());
            out.space();
            body(out, part.message(), extensible);
            out.space().raw(part.lines());
        } else if ("text".equalsIgnoreCase(part.type())) {
            out.space().raw(part.lines());
        }
        if (extensible) {
            out.raw(" NIL ");
            disposition(out, part);
            out.space();
            language(out, part.language());
            out.space().nstring(part.location());
        }
        out.raw(")");
    }

    private static void params(Response out, Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            out.raw("NIL");
            return;
        }
        out.raw("(");
        boolean first = true;
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (!first) {
                out.space();
            }
            first = false;
            out.string(upper(param.getKey())).space().string(param.getValue() == null ? "" : param.getValue());
        }
        out.raw(")");
    }

    private static void disposition(Response out, BodyPart part) {
        if (part.disposition() == null) {
            out.raw("NIL");
            return;
        }
        out.raw("(").string(upper(part.disposition())).space();
        params(out, part.dispositionParams());
        out.raw(")");
    }

    private static void language(Response out, List<String> languages) {
        if (languages == null || languages.isEmpty()) {
            out.raw("NIL");
        } else if (languages.size() == 1) {
            out.string(languages.get(0));
        } else {
            out.raw("(");
            for (int i = 0; i < languages.size(); i++) {
                if (i > 0) {
                    out.space();
                }
                out.string(languages.get(i));
            }
            out.raw(")");
        }
    }

    private static String upper(String value) {
        return value == null ? "" : value.toUpperCase(Locale.ROOT);
    }
}
