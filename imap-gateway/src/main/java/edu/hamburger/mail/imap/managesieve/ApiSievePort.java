package edu.hamburger.mail.imap.managesieve;

import edu.hamburger.mail.core.api.AccountRef;
import edu.hamburger.mail.core.api.SieveScriptInfo;
import edu.hamburger.mail.mailbox.client.MailboxAccounts;
import edu.hamburger.mail.mailbox.client.MailboxApi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** ManageSieve's port over mailbox-service's API: the common login policy, the account's scripts. */
@ApplicationScoped
public class ApiSievePort implements SievePort {

    @Inject
    MailboxAccounts accounts;

    @Inject
    @RestClient
    MailboxApi api;

    @Override
    public Uni<AccountRef> authenticate(String user, String password, String clientAddress) {
        return accounts.authenticate(user, password, clientAddress, "managesieve");
    }

    @Override
    public Uni<List<SieveScriptInfo>> list(long accountId) {
        return api.sieveScripts(accountId);
    }

    @Override
    public Uni<String> get(long accountId, String name) {
        return api.sieveScript(accountId, name);
    }

    @Override
    public Uni<Void> put(long accountId, String name, String content) {
        return api.putSieveScript(accountId, name, content);
    }

    @Override
    public Uni<Void> check(long accountId, String content) {
        return api.checkSieveScript(accountId, content);
    }

    @Override
    public Uni<Void> delete(long accountId, String name) {
        return api.deleteSieveScript(accountId, name);
    }

    @Override
    public Uni<Void> rename(long accountId, String name, String newName) {
        return api.renameSieveScript(accountId, name, newName);
    }

    @Override
    public Uni<Void> activate(long accountId, String name) {
        return api.activateSieveScript(accountId, name);
    }

    @Override
    public Uni<Void> haveSpace(long accountId, String name, long size) {
        return api.sieveSpace(accountId, name, size);
    }
}
