package edu.hamburger.mail.line.sasl;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.api.StoreException;
import io.smallrye.mutiny.Uni;

/**
 * How every protocol checks a password: mailbox-service's login policy decides, given the
 * client's address. The answer is the account, or null for wrong credentials; "not now" (the
 * policy's back-off) fails the Uni with a {@link StoreException} of {@link ErrorCode#TRY_LATER},
 * see {@link StoreException#tryLater}, which each protocol answers with its temporary refusal.
 */
@FunctionalInterface
public interface PasswordCheck {

    Uni<AccountRef> check(String user, String password, String clientAddress);
}
