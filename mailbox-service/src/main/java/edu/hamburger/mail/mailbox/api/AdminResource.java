package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.api.AwaitOnWorker.await;

import edu.hamburger.mail.core.api.ErrorCode;
import edu.hamburger.mail.core.address.AddressSyntaxException;
import edu.hamburger.mail.core.address.MailAddress;
import edu.hamburger.mail.core.api.admin.AccountRequest;
import edu.hamburger.mail.core.api.admin.AccountView;
import edu.hamburger.mail.core.api.admin.AdminApi;
import edu.hamburger.mail.core.api.admin.AliasRequest;
import edu.hamburger.mail.core.api.admin.AliasView;
import edu.hamburger.mail.core.api.admin.DomainRequest;
import edu.hamburger.mail.core.api.admin.PasswordRequest;
import edu.hamburger.mail.core.api.admin.QuotaRequest;
import edu.hamburger.mail.core.api.admin.StatusRequest;
import edu.hamburger.mail.mailbox.account.Account;
import edu.hamburger.mail.mailbox.account.AccountDirectory;
import edu.hamburger.mail.mailbox.account.Alias;
import edu.hamburger.mail.mailbox.account.MailDomain;
import edu.hamburger.mail.mailbox.account.PasswordHasher;
import edu.hamburger.mail.core.event.MailboxChange;
import edu.hamburger.mail.mailbox.store.ChangePublisher;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The operators' API: domains, accounts and aliases, behind the admin token (not the services'
 * token). Runs on worker threads: bcrypt is slow on purpose, and these calls are rare.
 */
@Path(AdminApi.MAILBOX_BASE_PATH)
@Blocking
public class AdminResource {

    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_PASSWORD_LENGTH = 1024;

    @Inject
    PasswordHasher hasher;

    @Inject
    AccountDirectory directory;

    @Inject
    ChangePublisher changes;

    @Inject
    edu.hamburger.mail.mailbox.dkim.DkimKeyring keyring;

    @Inject
    edu.hamburger.mail.mailbox.login.WebSessions webSessions;

    @Inject
    edu.hamburger.mail.mailbox.MailboxSettings settings;

    // ---- domains ----

    @GET
    @Path("/domains")
    public List<String> domains() {
        return await(() -> Panache.withSession(() -> MailDomain.<MailDomain>listAll()
                .map(all -> all.stream().map(d -> d.name).sorted().toList())));
    }

    @POST
    @Path("/domains")
    public RestResponse<String> createDomain(DomainRequest request) {
        String name = domainName(request == null ? null : request.name());
        await(() -> Panache.withTransaction(() -> MailDomain.findByName(name).chain(found -> {
            if (found != null) {
                throw MailboxException.conflict("domain " + name + " already exists");
            }
            MailDomain domain = new MailDomain();
            domain.name = name;
            return domain.<MailDomain>persist().call(keyring::ensureDefaultKeys);
        })));
        return RestResponse.status(RestResponse.Status.CREATED, name);
    }

    @DELETE
    @Path("/domains/{name}")
    public RestResponse<Void> deleteDomain(@PathParam("name") String name) {
        await(() -> Panache.withTransaction(() -> MailDomain.findByName(name.toLowerCase(Locale.ROOT)).chain(domain -> {
            if (domain == null) {
                throw MailboxException.notFound("domain " + name);
            }
            return Account.count("domain", domain).chain(accounts -> {
                if (accounts > 0) {
                    throw new MailboxException(ErrorCode.HAS_ACCOUNTS, "domain " + name + " still has " + accounts + " account(s)");
                }
                return domain.delete();
            });
        })));
        return RestResponse.noContent();
    }

    // ---- accounts ----

    @GET
    @Path("/accounts")
    public List<AccountView> accounts(@QueryParam("domain") String domain) {
        return await(() -> Panache.withSession(() -> (domain == null
                ? Account.<Account>list("order by address")
                : Account.<Account>list("domain.name = ?1 order by address", domain.toLowerCase(Locale.ROOT)))
                .map(all -> all.stream().map(AdminResource::view).toList())));
    }

    @POST
    @Path("/accounts")
    public RestResponse<AccountView> createAccount(AccountRequest request) {
        if (request == null) {
            throw MailboxException.badRequest("address and password are required");
        }
        MailAddress address = address(request.address());
        String hash = hasher.hash(password(request.password()));
        long quota = request.quotaBytes() == null ? settings.defaultQuotaBytes() : quota(request.quotaBytes());
        String local = address.localPart().toLowerCase(Locale.ROOT);
        Account created = await(() -> Panache.withTransaction(() -> MailDomain.findByName(address.domainKey()).chain(domain -> {
            if (domain == null) {
                throw MailboxException.notFound("domain " + address.domainKey());
            }
            return Account.findByAddress(local + "@" + domain.name).chain(existing -> {
                if (existing != null) {
                    throw MailboxException.conflict("account " + existing.address + " already exists");
                }
                return directory.create(domain, local, hash, quota);
            });
        })));
        return RestResponse.status(RestResponse.Status.CREATED, view(created));
    }

    @DELETE
    @Path("/accounts/{id}")
    public RestResponse<Void> deleteAccount(@PathParam("id") long id) {
        await(() -> Panache.withTransaction(() -> Account.deleteById(id).invoke(deleted -> {
            if (!deleted) {
                throw MailboxException.notFound("account " + id);
            }
        })));
        credentialsChanged(id);
        return RestResponse.noContent();
    }

    @PUT
    @Path("/accounts/{id}/password")
    public RestResponse<Void> setPassword(@PathParam("id") long id, PasswordRequest request) {
        String hash = hasher.hash(password(request == null ? null : request.password()));
        updateAccount(id, account -> account.passwordHash = hash);
        credentialsChanged(id);
        return RestResponse.noContent();
    }

    /** Disables or re-enables logins; a disabled account still receives mail. */
    @PUT
    @Path("/accounts/{id}/status")
    public RestResponse<Void> setStatus(@PathParam("id") long id, StatusRequest request) {
        if (request == null) {
            throw MailboxException.badRequest("disabled (true or false) is required");
        }
        updateAccount(id, account -> account.disabled = request.disabled());
        credentialsChanged(id);
        return RestResponse.noContent();
    }

    /**
     * Ends the account's webmail sessions and tells every replica of every gateway, after the
     * commit, that logins cached for this account are void (password changed, account deleted or
     * disabled): {@code CREDENTIALS_CHANGED} on {@code mailbox.changes}, which they all read as a
     * broadcast.
     */
    private void credentialsChanged(long id) {
        await(() -> webSessions.endAll(id)); // the webmail's sessions (a deleted account's went with it)
        await(() -> changes.publish(MailboxChange.credentialsChanged(id)));
    }

    @PUT
    @Path("/accounts/{id}/quota")
    public RestResponse<Void> setQuota(@PathParam("id") long id, QuotaRequest request) {
        if (request == null || request.quotaBytes() == null && request.quotaMessages() == null) {
            throw MailboxException.badRequest("give quotaBytes and/or quotaMessages");
        }
        Long bytes = request.quotaBytes() == null ? null : quota(request.quotaBytes());
        Long messages = request.quotaMessages();
        if (messages != null && messages < 0) {
            throw MailboxException.badRequest("quotaMessages is a count of messages, or 0 for no limit");
        }
        updateAccount(id, account -> {
            if (bytes != null) {
                account.quotaBytes = bytes;
            }
            if (messages != null) {
                account.quotaMessages = messages == 0 ? null : messages;
            }
        });
        return RestResponse.noContent();
    }

    private void updateAccount(long id, java.util.function.Consumer<Account> change) {
        await(() -> Panache.withTransaction(() -> Account.<Account>findById(id).invoke(account -> {
            if (account == null) {
                throw MailboxException.notFound("account " + id);
            }
            change.accept(account);
        })));
    }

    // ---- aliases ----

    @GET
    @Path("/aliases")
    public List<AliasView> aliases() {
        return await(() -> Panache.withSession(() -> Alias.<Alias>list("order by address")
                .map(all -> all.stream().map(a -> new AliasView(a.id, a.address, a.account.id, a.account.address)).toList())));
    }

    /** An alias address, or {@code @domain} for the domain's catch-all, delivering to an account. */
    @POST
    @Path("/aliases")
    public RestResponse<AliasView> createAlias(AliasRequest request) {
        if (request == null || request.address() == null) {
            throw MailboxException.badRequest("address and accountId are required");
        }
        String text = request.address().trim().toLowerCase(Locale.ROOT);
        String domainName = text.startsWith("@") ? domainName(text.substring(1)) : address(text).domainKey();
        String aliasAddress = text.startsWith("@") ? "@" + domainName
                : address(text).localPart().toLowerCase(Locale.ROOT) + "@" + domainName;
        Alias created = await(() -> Panache.withTransaction(() -> MailDomain.findByName(domainName).chain(domain -> {
            if (domain == null) {
                throw MailboxException.notFound("domain " + domainName);
            }
            return Account.<Account>findById(request.accountId());
        }).chain(account -> {
            if (account == null) {
                throw MailboxException.notFound("account " + request.accountId());
            }
            return Alias.count("address = ?1 and account = ?2", aliasAddress, account).chain(count -> {
                if (count > 0) {
                    throw MailboxException.conflict("alias " + aliasAddress + " already delivers to " + account.address);
                }
                Alias alias = new Alias();
                alias.address = aliasAddress;
                alias.account = account;
                return alias.<Alias>persist();
            });
        })));
        return RestResponse.status(RestResponse.Status.CREATED,
                new AliasView(created.id, created.address, created.account.id, created.account.address));
    }

    @DELETE
    @Path("/aliases/{id}")
    public RestResponse<Void> deleteAlias(@PathParam("id") long id) {
        await(() -> Panache.withTransaction(() -> Alias.deleteById(id).invoke(deleted -> {
            if (!deleted) {
                throw MailboxException.notFound("alias " + id);
            }
        })));
        return RestResponse.noContent();
    }

    private static AccountView view(Account account) {
        return new AccountView(account.id, account.address, account.quotaBytes, account.disabled, account.quotaMessages);
    }

    // ---- checks ----

    private static String domainName(String name) {
        if (name == null) {
            throw MailboxException.badRequest("a domain name is required");
        }
        try {
            return MailAddress.parse("postmaster@" + name.trim()).domainKey();
        } catch (AddressSyntaxException e) {
            throw MailboxException.badRequest("not a domain name: " + name);
        }
    }

    private static MailAddress address(String text) {
        if (text == null) {
            throw MailboxException.badRequest("an address is required");
        }
        try {
            MailAddress address = MailAddress.parse(text.trim());
            if (address.isAddressLiteral()) {
                throw MailboxException.badRequest("accounts live in domains, not address literals");
            }
            return address;
        } catch (AddressSyntaxException e) {
            throw MailboxException.badRequest("not an address: " + e.getMessage());
        }
    }

    private static String password(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw MailboxException.badRequest("a password needs " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private static long quota(long bytes) {
        if (bytes < 1) {
            throw MailboxException.badRequest("quotaBytes must be at least 1: an account that can hold nothing would bounce "
                    + "every message (leave it out for the default; disable the account to stop its logins)");
        }
        return bytes;
    }
}
