package edu.hamburger.mail.imap.protocol;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * APPEND mailbox [(flags)] [date-time] literal (RFC 3501 §6.3.11); the literal may be a literal8
 * (RFC 3516), and after ENABLE UTF8=ACCEPT it may come as {@code UTF8 (~{n})} (RFC 6855 §4).
 */
record AppendRequest(String mailbox, List<String> flags, Instant internalDate, byte[] message) implements ImapRequest {

    private static final DateTimeFormatter APPEND_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    static AppendRequest parse(ImapArguments args, Context context) {
        args.space();
        String mailbox = MailboxNames.read(args, context);
        args.space();
        List<String> flags = List.of();
        if (args.peek() == '(') {
            flags = args.flagList();
            args.space();
        }
        Instant date = null;
        if (args.peek() == '"') {
            String text = args.string();
            try {
                date = ZonedDateTime.parse(text.trim(), APPEND_DATE).toInstant();
            } catch (DateTimeParseException e) {
                throw new ImapSyntaxException("bad date-time " + text);
            }
            args.space();
        }
        byte[] message;
        if (args.word("UTF8")) {
            if (!context.utf8Names()) {
                throw new ImapSyntaxException("APPEND ... UTF8 needs ENABLE UTF8=ACCEPT first");
            }
            args.space();
            args.expect('(');
            message = args.stringBytes();
            args.expect(')');
        } else {
            message = args.stringBytes();
        }
        args.end();
        for (String flag : flags) {
            if (!Flags.storable(flag)) {
                throw new ImapSyntaxException("unknown system flag " + flag);
            }
        }
        return new AppendRequest(mailbox, List.copyOf(flags), date, message);
    }
}
