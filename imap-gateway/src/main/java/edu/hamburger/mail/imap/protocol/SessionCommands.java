package edu.hamburger.mail.imap.protocol;

import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;

/** The processors of commands about the session itself: CAPABILITY, NOOP/CHECK, LOGOUT, ID, ENABLE, NAMESPACE, IDLE. */
final class SessionCommands {

    private final ImapProtocol protocol;
    private final MailboxUpdates updates;

    SessionCommands(ImapProtocol protocol, MailboxUpdates updates) {
        this.protocol = protocol;
        this.updates = updates;
    }

    Uni<Next> capability(Command c, ImapRequest.NoArguments request) {
        c.out().untagged("CAPABILITY " + protocol.capabilities(c.session()));
        c.ok("CAPABILITY completed");
        return done();
    }

    /** NOOP and CHECK: report every change committed since the session last looked. */
    Uni<Next> noop(Command c, ImapRequest.NoArguments request) {
        return updates.sync(c.session(), c.out()).map(v -> {
            c.ok(c.name() + " completed");
            return Next.COMMAND;
        });
    }

    Uni<Next> logout(Command c, ImapRequest.NoArguments request) {
        c.out().untagged("BYE " + protocol.hostname() + " logging out");
        c.ok("LOGOUT completed");
        c.session().logout();
        return Uni.createFrom().item(Next.CLOSE);
    }

    Uni<Next> id(Command c, IdRequest request) {
        c.out().untagged("ID (\"name\" \"hamburger-mail imap-gateway\" \"vendor\" \"hamburger.edu\")");
        c.ok("ID completed");
        return done();
    }

    Uni<Next> enable(Command c, EnableRequest request) {
        StringBuilder enabled = new StringBuilder("ENABLED");
        for (Capability extension : request.extensions()) {
            if (!c.session().enabled(extension)) {
                c.enable(extension);
                enabled.append(' ').append(extension.atom());
            }
            if (extension == Capability.IMAP4REV2 && c.session().selected() != null) {
                c.session().selected().hideRecent();
            }
        }
        c.out().untagged(enabled.toString());
        c.ok("ENABLE completed");
        return done();
    }

    Uni<Next> namespace(Command c, ImapRequest.NoArguments request) {
        c.out().untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
        c.ok("NAMESPACE completed");
        return done();
    }

    /**
     * IDLE (RFC 2177): "+" now, then every change committed before IDLE began, whether or not the
     * change feed has told of it yet (as NOOP does), then the transport waits for DONE and pushes.
     */
    /** COMPRESS DEFLATE (RFC 4978): the OK goes out in the clear, everything after it deflated. */
    Uni<Next> compress(Command c, ImapRequest.CompressRequest request) {
        if (c.session().compressed()) {
            c.no("[COMPRESSIONACTIVE] DEFLATE is already active");
            return done();
        }
        if (!request.mechanism().equalsIgnoreCase("DEFLATE")) {
            c.bad("unknown compression mechanism (DEFLATE is offered)");
            return done();
        }
        c.session().compressionStarted();
        c.ok("DEFLATE active");
        return Uni.createFrom().item(Next.START_COMPRESSION);
    }

    Uni<Next> idle(Command c, ImapRequest.NoArguments request) {
        c.out().write("+ idling\r\n".getBytes(StandardCharsets.US_ASCII));
        return updates.sync(c.session(), c.out()).map(v -> Next.idle(c.tag()));
    }

    private static Uni<Next> done() {
        return Uni.createFrom().item(Next.COMMAND);
    }

}
