package edu.hamburger.mail.imap.protocol;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** APPEND mailbox [(flags)] [date-time] literal (RFC 3501 §6.3.11). */
record AppendRequest(String mailbox, List<String> flags, Instant internalDate, byte[] message) implements ImapRequest {

    private static final DateTimeFormatter APPEND_DATE = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    static AppendRequest parse(ImapArguments args, Context context) {
        args.space();
        String mailbox = MailboxNames.read(args);
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
        byte[] message = args.stringBytes();
        args.end();
        for (String flag : flags) {
            if (!Flags.storable(flag)) {
                throw new ImapSyntaxException("unknown system flag " + flag);
            }
        }
        return new AppendRequest(mailbox, List.copyOf(flags), date, message);
    }
}
