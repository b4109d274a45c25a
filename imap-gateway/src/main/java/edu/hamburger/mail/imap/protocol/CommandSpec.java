package edu.hamburger.mail.imap.protocol;

import io.smallrye.mutiny.Uni;
import java.util.Set;

/**
 * One entry of the command table: the name, the states that allow it, whether a UID form exists,
 * the capability that announces it (null for IMAP4rev1's own), its parser and its processor.
 * Running a command is always the same two steps: parse the whole request (a syntax error
 * changes nothing), then process it.
 */
record CommandSpec<R extends ImapRequest>(String name, Set<ImapSession.State> states, boolean uidForm, Capability capability,
        Parser<R> parser, Processor<R> processor) {

    /** Reads the arguments after the command name, to their end, or throws {@link ImapSyntaxException}. */
    @FunctionalInterface
    interface Parser<R> {
        R parse(ImapArguments args, ImapRequest.Context context);
    }

    /** Acts on a parsed request: the session, the mailbox port, and the responses (tagged last). */
    @FunctionalInterface
    interface Processor<R> {
        Uni<Next> process(Command command, R request);
    }

    Uni<Next> run(Command command, ImapArguments args) {
        R request = parser.parse(args, new ImapRequest.Context(name, command.uid(), command.session().selected(),
                command.session().utf8Names()));
        return processor.process(command, request);
    }
}
