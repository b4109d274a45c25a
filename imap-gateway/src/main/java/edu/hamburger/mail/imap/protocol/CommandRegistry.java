package edu.hamburger.mail.imap.protocol;

import static edu.hamburger.mail.imap.protocol.ImapSession.State.AUTHENTICATED;
import static edu.hamburger.mail.imap.protocol.ImapSession.State.NOT_AUTHENTICATED;
import static edu.hamburger.mail.imap.protocol.ImapSession.State.SELECTED;

import edu.hamburger.mail.imap.protocol.ImapRequest.MailboxRequest;
import edu.hamburger.mail.imap.protocol.ImapRequest.NoArguments;
import edu.hamburger.mail.imap.protocol.ImapRequest.RenameRequest;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one table of IMAP commands (after mox's command table and James' ImapCommand): which
 * states allow each, which have a UID form, which capability announces it, and which parser and
 * processor run it. Adding a command is a line here, a request record with its parser, a
 * processor method, and tests.
 */
final class CommandRegistry {

    private static final Set<ImapSession.State> ANY = EnumSet.of(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED);
    private static final Set<ImapSession.State> BEFORE_LOGIN = EnumSet.of(NOT_AUTHENTICATED);
    private static final Set<ImapSession.State> LOGGED_IN = EnumSet.of(AUTHENTICATED, SELECTED);
    private static final Set<ImapSession.State> SELECTED_ONLY = EnumSet.of(SELECTED);

    private final Map<String, CommandSpec<?>> commands = new LinkedHashMap<>();

    CommandRegistry(SessionCommands session, AuthCommands auth, MailboxCommands mailboxes, MessageCommands messages) {
        add("CAPABILITY", ANY, false, null, NoArguments::parse, session::capability);
        add("NOOP", ANY, false, null, NoArguments::parse, session::noop);
        add("LOGOUT", ANY, false, null, NoArguments::parse, session::logout);
        add("ID", ANY, false, Capability.ID, IdRequest::parse, session::id);

        add("STARTTLS", BEFORE_LOGIN, false, Capability.STARTTLS, NoArguments::parse, auth::startTls);
        add("LOGIN", BEFORE_LOGIN, false, null, LoginRequest::parse, auth::login);
        add("AUTHENTICATE", BEFORE_LOGIN, false, Capability.AUTH_PLAIN, AuthenticateRequest::parse, auth::authenticate);

        add("ENABLE", LOGGED_IN, false, Capability.ENABLE, EnableRequest::parse, session::enable);
        add("NAMESPACE", LOGGED_IN, false, Capability.NAMESPACE, NoArguments::parse, session::namespace);
        // after login only, as in Dovecot: nothing secret is compressed together with what a client chose
        add("COMPRESS", LOGGED_IN, false, Capability.COMPRESS_DEFLATE, ImapRequest.CompressRequest::parse, session::compress);
        add("IDLE", LOGGED_IN, false, Capability.IDLE, NoArguments::parse, session::idle);
        add("SELECT", LOGGED_IN, false, null, SelectRequest::parse, mailboxes::select);
        add("EXAMINE", LOGGED_IN, false, null, SelectRequest::parse, mailboxes::select);
        add("CREATE", LOGGED_IN, false, null, MailboxRequest::parse, mailboxes::create);
        add("DELETE", LOGGED_IN, false, null, MailboxRequest::parse, mailboxes::delete);
        add("RENAME", LOGGED_IN, false, null, RenameRequest::parse, mailboxes::rename);
        add("SUBSCRIBE", LOGGED_IN, false, null, MailboxRequest::parse, mailboxes::subscribe);
        add("UNSUBSCRIBE", LOGGED_IN, false, null, MailboxRequest::parse, mailboxes::subscribe);
        add("LIST", LOGGED_IN, false, null, ListRequest::parse, mailboxes::list);
        add("LSUB", LOGGED_IN, false, null, ListRequest::parse, mailboxes::list);
        add("STATUS", LOGGED_IN, false, null, StatusRequest::parse, mailboxes::status);
        add("GETQUOTAROOT", LOGGED_IN, false, Capability.QUOTA, MailboxRequest::parse, mailboxes::quotaRoot);
        add("GETQUOTA", LOGGED_IN, false, Capability.QUOTA, ImapRequest.QuotaRootRequest::parse, mailboxes::quota);
        add("APPEND", LOGGED_IN, false, null, AppendRequest::parse, mailboxes::append);

        add("CHECK", SELECTED_ONLY, false, null, NoArguments::parse, session::noop);
        add("CLOSE", SELECTED_ONLY, false, null, NoArguments::parse, messages::close);
        add("UNSELECT", SELECTED_ONLY, false, Capability.UNSELECT, NoArguments::parse, messages::close);
        add("EXPUNGE", SELECTED_ONLY, true, null, ExpungeRequest::parse, messages::expunge);
        add("SEARCH", SELECTED_ONLY, true, null, SearchRequest::parse, messages::search);
        add("SORT", SELECTED_ONLY, true, Capability.SORT, OrderingRequest::parseSort, messages::sort);
        add("THREAD", SELECTED_ONLY, true, Capability.THREAD_REFERENCES, OrderingRequest::parseThread, messages::thread);
        add("FETCH", SELECTED_ONLY, true, null, FetchRequest::parse, messages::fetch);
        add("STORE", SELECTED_ONLY, true, null, StoreRequest::parse, messages::store);
        add("COPY", SELECTED_ONLY, true, null, CopyMoveRequest::parse, messages::copy);
        add("MOVE", SELECTED_ONLY, true, Capability.MOVE, CopyMoveRequest::parse, messages::copy);
    }

    private <R extends ImapRequest> void add(String name, Set<ImapSession.State> states, boolean uidForm, Capability capability,
            CommandSpec.Parser<R> parser, CommandSpec.Processor<R> processor) {
        commands.put(name, new CommandSpec<>(name, states, uidForm, capability, parser, processor));
    }

    /** The command of that (upper-case) name, or null. */
    CommandSpec<?> get(String name) {
        return commands.get(name);
    }

    Collection<CommandSpec<?>> all() {
        return Collections.unmodifiableCollection(commands.values());
    }

    /** Why the session may not run this command now (a BAD's text), or null if it may. */
    static String refusal(CommandSpec<?> spec, String name, boolean uid, ImapSession.State state) {
        if (uid && (spec == null || !spec.uidForm())) {
            return "UID " + name + " is not a command";
        }
        if (spec == null) {
            return state == NOT_AUTHENTICATED ? "log in first" : "unknown command " + name;
        }
        if (spec.states().contains(state)) {
            return null;
        }
        if (state == NOT_AUTHENTICATED) {
            return "log in first";
        }
        return spec.states().equals(BEFORE_LOGIN) ? "already authenticated" : "select a mailbox first";
    }
}
