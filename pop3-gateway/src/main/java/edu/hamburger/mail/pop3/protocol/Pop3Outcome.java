package edu.hamburger.mail.pop3.protocol;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/** A handler's decision: the reply, then what the transport does next. */
public record Pop3Outcome(Pop3Reply reply, Next next, Function<String, Uni<Pop3Outcome>> saslResponse) {

    public enum Next { COMMAND, CLOSE, START_TLS, SASL_RESPONSE }

    public static Pop3Outcome reply(Pop3Reply reply) {
        return new Pop3Outcome(reply, Next.COMMAND, null);
    }

    public static Pop3Outcome close(Pop3Reply reply) {
        return new Pop3Outcome(reply, Next.CLOSE, null);
    }
}
