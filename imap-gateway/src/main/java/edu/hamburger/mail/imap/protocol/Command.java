package edu.hamburger.mail.imap.protocol;

/** One parsed command line: its tag and name, the cursor on its arguments, and where responses go. */
record Command(ImapSession session, String tag, String name, boolean uid, ImapArguments args, ImapOutput out) {

    void ok(String text) {
        out.write(Response.tagged(tag).raw("OK ").raw(text).line());
    }

    void no(String text) {
        out.write(Response.tagged(tag).raw("NO ").raw(text).line());
    }

    void bad(String text) {
        out.write(Response.tagged(tag).raw("BAD ").raw(text).line());
    }

    long account() {
        return session.account().accountId();
    }
}
