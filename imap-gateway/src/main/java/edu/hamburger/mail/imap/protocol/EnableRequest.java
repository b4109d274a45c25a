package edu.hamburger.mail.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** ENABLE capability... (RFC 5161): names this server does not know are ignored, not errors. */
record EnableRequest(List<Capability> extensions) implements ImapRequest {

    static EnableRequest parse(ImapArguments args, Context context) {
        List<Capability> extensions = new ArrayList<>();
        while (args.optionalSpace()) {
            Capability named = Capability.named(args.atom());
            if (named != null && named.enableable() && !extensions.contains(named)) {
                extensions.add(named);
            }
        }
        args.end();
        return new EnableRequest(List.copyOf(extensions));
    }
}
