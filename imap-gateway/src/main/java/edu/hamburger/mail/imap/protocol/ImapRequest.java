package edu.hamburger.mail.imap.protocol;

/**
 * One command as its parser read it: immutable, complete and checked for syntax before anything
 * acts on it, so a command that fails to parse has changed nothing. One record per command (or
 * per family of commands with the same arguments), each with its own {@code parse}.
 */
interface ImapRequest {

    /** What a parser may know besides the arguments: the command's name and form, and (read only) what is selected. */
    record Context(String name, boolean uid, SelectedMailbox selected, boolean utf8Names) {
    }

    /** Commands without arguments: CAPABILITY, NOOP, CHECK, LOGOUT, NAMESPACE, STARTTLS, IDLE, CLOSE, UNSELECT. */
    record NoArguments() implements ImapRequest {

        static NoArguments parse(ImapArguments args, Context context) {
            args.end();
            return new NoArguments();
        }
    }

    /** COMPRESS mechanism (RFC 4978). */
    record CompressRequest(String mechanism) implements ImapRequest {

        static CompressRequest parse(ImapArguments args, Context context) {
            args.space();
            String mechanism = args.atom();
            args.end();
            return new CompressRequest(mechanism);
        }
    }

    /** CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE: one mailbox name. */
    record MailboxRequest(String mailbox) implements ImapRequest {

        static MailboxRequest parse(ImapArguments args, Context context) {
            args.space();
            String mailbox = MailboxNames.read(args, context);
            args.end();
            return new MailboxRequest(mailbox);
        }
    }

    /** GETQUOTA root (RFC 9208 §4.2.1). */
    record QuotaRootRequest(String root) implements ImapRequest {

        static QuotaRootRequest parse(ImapArguments args, Context context) {
            args.space();
            String root = args.astring();
            args.end();
            return new QuotaRootRequest(root);
        }
    }

    /** RENAME from to. */
    record RenameRequest(String from, String to) implements ImapRequest {

        static RenameRequest parse(ImapArguments args, Context context) {
            args.space();
            String from = MailboxNames.read(args, context);
            args.space();
            String to = MailboxNames.read(args, context);
            args.end();
            return new RenameRequest(from, to);
        }
    }
}
