package edu.hamburger.mail.imap.protocol;

/** LOGIN user password (RFC 3501 §6.2.3). */
record LoginRequest(String user, String password) implements ImapRequest {

    static LoginRequest parse(ImapArguments args, Context context) {
        args.space();
        String user = args.astring();
        args.space();
        String password = args.astring();
        args.end();
        return new LoginRequest(user, password);
    }

    @Override
    public String toString() {
        return "LoginRequest[user=" + user + "]"; // never the password, in any log
    }
}
