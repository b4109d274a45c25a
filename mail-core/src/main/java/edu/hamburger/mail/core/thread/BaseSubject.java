package edu.hamburger.mail.core.thread;

import java.util.Locale;

/**
 * The base subject of RFC 5256 §2.1: the subject without "Re:", "Fwd:", "[list]" tags, "(fwd)"
 * trailers and "[Fwd: ...]" wrapping, so a reply sorts and threads with what it answers.
 * {@code reply} says whether anything of a reply or forward was taken off (§3, REFERENCES step 6).
 *
 * @param text  the base subject, whitespace collapsed
 * @param reply true when a reply or forward marker was removed
 */
public record BaseSubject(String text, boolean reply) {

    /** Subjects longer than this are cut first: a sort key, not a message. */
    private static final int MAX_CHARS = 1000;

    /**
     * The key subjects are grouped and sorted by: the base subject in RFC 5256's collation,
     * i;ascii-casemap (RFC 4790: a-z read as A-Z, then compared octet by octet), so "_" sorts after
     * letters, as Dovecot's imaptest expects.
     */
    public String key() {
        return asciiCasemap(text);
    }

    /** RFC 4790's i;ascii-casemap: ASCII a-z as A-Z, every other character as it is. */
    public static String asciiCasemap(String text) {
        if (text == null) {
            return "";
        }
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] -= 'a' - 'A';
            }
        }
        return new String(chars);
    }

    /** {@code decoded} is the Subject with encoded words already decoded (RFC 5256 §2.1 step 1); null is "". */
    public static BaseSubject of(String decoded) {
        String subject = collapseWhitespace(decoded == null ? "" : decoded.length() > MAX_CHARS ? decoded.substring(0, MAX_CHARS) : decoded);
        boolean reply = false;
        while (true) {
            // (2) trailers: "(fwd)" and whitespace at the end
            while (true) {
                String lower = subject.toLowerCase(Locale.ROOT);
                if (lower.endsWith("(fwd)")) {
                    subject = subject.substring(0, subject.length() - 5);
                    reply = true;
                } else if (subject.endsWith(" ")) {
                    subject = subject.substring(0, subject.length() - 1);
                } else {
                    break;
                }
            }
            // (3)-(5) leaders ("Re:", "Fwd:", "[tag] Re:", whitespace) and a leading blob, while anything changes
            boolean changed = true;
            while (changed) {
                changed = false;
                int leader = leader(subject);
                if (leader > 0) {
                    reply |= !subject.substring(0, leader).isBlank();
                    subject = subject.substring(leader);
                    changed = true;
                }
                int blob = blob(subject, 0);
                if (blob > 0 && blob < subject.length()) {
                    subject = subject.substring(blob);
                    changed = true;
                }
            }
            // (6) "[fwd: ...]" around the whole subject
            String lower = subject.toLowerCase(Locale.ROOT);
            if (lower.startsWith("[fwd:") && subject.endsWith("]")) {
                subject = subject.substring(5, subject.length() - 1);
                reply = true;
                continue;
            }
            return new BaseSubject(subject.strip(), reply);
        }
    }

    /** Length of the leading whitespace, or of "*subj-blob subj-refwd" (RFC 5256's subj-leader); 0 if neither. */
    private static int leader(String subject) {
        int at = 0;
        while (at < subject.length() && subject.charAt(at) == ' ') {
            at++;
        }
        if (at > 0) {
            return at;
        }
        int blobs = 0;
        while (true) {
            int end = blob(subject, blobs);
            if (end == 0) {
                break;
            }
            blobs = end;
        }
        return refwd(subject, blobs);
    }

    /** End of subj-refwd = ("re" / "fw" ["d"]) *WSP [subj-blob] ":" starting at {@code from}, or 0. */
    private static int refwd(String subject, int from) {
        String lower = subject.toLowerCase(Locale.ROOT);
        int at;
        if (lower.startsWith("re", from)) {
            at = from + 2;
        } else if (lower.startsWith("fwd", from)) {
            at = from + 3;
        } else if (lower.startsWith("fw", from)) {
            at = from + 2;
        } else {
            return 0;
        }
        while (at < subject.length() && subject.charAt(at) == ' ') {
            at++;
        }
        int blob = blob(subject, at);
        if (blob > 0) {
            at = blob;
        }
        return at < subject.length() && subject.charAt(at) == ':' ? at + 1 : 0;
    }

    /** End of subj-blob = "[" *BLOBCHAR "]" *WSP starting at {@code from}, or 0. */
    private static int blob(String subject, int from) {
        if (from >= subject.length() || subject.charAt(from) != '[') {
            return 0;
        }
        int at = from + 1;
        while (at < subject.length() && subject.charAt(at) != ']') {
            if (subject.charAt(at) == '[') {
                return 0;
            }
            at++;
        }
        if (at >= subject.length()) {
            return 0;
        }
        at++;
        while (at < subject.length() && subject.charAt(at) == ' ') {
            at++;
        }
        return at;
    }

    private static String collapseWhitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = true;
                continue;
            }
            if (space && out.length() > 0) {
                out.append(' ');
            }
            space = false;
            out.append(c);
        }
        return out.toString();
    }
}
