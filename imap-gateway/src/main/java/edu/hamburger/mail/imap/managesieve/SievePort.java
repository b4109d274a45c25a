package edu.hamburger.mail.imap.managesieve;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.SieveScriptInfo;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * What ManageSieve needs from the rest of the platform: the common login and an account's
 * scripts. Failures arrive as StoreException with the store's ErrorCode.
 */
interface SievePort {

    Uni<AccountRef> authenticate(String user, String password, String clientAddress);

    Uni<List<SieveScriptInfo>> list(long accountId);

    Uni<String> get(long accountId, String name);

    Uni<Void> put(long accountId, String name, String content);

    Uni<Void> check(long accountId, String content);

    Uni<Void> delete(long accountId, String name);

    Uni<Void> rename(long accountId, String name, String newName);

    Uni<Void> activate(long accountId, String name);

    Uni<Void> haveSpace(long accountId, String name, long size);
}
