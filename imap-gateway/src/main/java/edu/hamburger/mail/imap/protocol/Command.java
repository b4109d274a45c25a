package edu.hamburger.mail.imap.protocol;

import edu.hamburger.mail.line.LineMetrics;
import java.util.regex.Pattern;

/**
 * The command being processed: its session, tag, name and form, and where its responses go; the
 * tagged OK/NO/BAD are written here (its arguments are already a request, see {@link ImapRequest}).
 */
record Command(ImapSession session, String tag, String name, boolean uid, ImapOutput out, LineMetrics.Observation observation) {

    /** A literal's announcement ({n} or {n+}) at the end of a line: see {@link #oneLine}. */
    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{\\d+\\+?\\}$");

    /**
     * Turns an extension on for the session. When that turns CONDSTORE on (CONDSTORE itself,
     * QRESYNC, or a command that uses a modseq, RFC 7162 §3.1) with a mailbox selected, the
     * client learns where the mailbox stands: an untagged OK [HIGHESTMODSEQ], as SELECT
     * (CONDSTORE) would have told it.
     */
    void enable(Capability extension) {
        boolean had = session.condstore();
        session.enable(extension);
        SelectedMailbox box = session.selected();
        if (!had && session.condstore() && box != null) {
            out.untagged("OK [HIGHESTMODSEQ " + box.highestModseq() + "] highest modseq");
        }
    }

    void ok(String text) {
        observation.end("ok");
        session.answered(false);
        out.write(Response.tagged(tag).raw("OK ").raw(oneLine(text)).line());
    }

    void no(String text) {
        observation.end("no");
        session.answered(false);
        out.write(Response.tagged(tag).raw("NO ").raw(oneLine(text)).line());
    }

    void bad(String text) {
        observation.end("bad");
        session.answered(true);
        out.write(Response.tagged(tag).raw("BAD ").raw(oneLine(text)).line());
    }

    /**
     * A response text never holds a line end or another control character: an error message that
     * quotes the client's input must not split the response and let the client write our lines
     * (found by ImapFuzzTest: "expected '\n'").
     */
    static String oneLine(String text) {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                if (clean == null) {
                    clean = new StringBuilder(text.substring(0, i));
                }
                clean.append(ch == '\r' ? "\\r" : ch == '\n' ? "\\n" : "?");
            } else if (clean != null) {
                clean.append(ch);
            }
        }
        String line = clean == null ? text : clean.toString();
        // nor does it end like a literal's announcement: "unknown FETCH item {0}" read as a line
        // that a literal of 0 octets continues, and the client (Python's imaplib too) waited for the
        // rest of a line that never came (found by ImapFuzzTest)
        return LITERAL_AT_END.matcher(line).find() ? line + "." : line;
    }

    long account() {
        return session.account().accountId();
    }
}
