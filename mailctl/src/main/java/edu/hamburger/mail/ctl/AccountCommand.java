package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import edu.hamburger.mail.core.api.admin.AccountRequest;
import edu.hamburger.mail.core.api.admin.AccountView;
import edu.hamburger.mail.core.api.admin.PasswordRequest;
import edu.hamburger.mail.core.api.admin.QuotaRequest;
import edu.hamburger.mail.core.api.admin.StatusRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "account", description = "Mail accounts: list, create, import from CSV, password, quota, disable, enable, delete.",
        mixinStandardHelpOptions = true, subcommands = AccountImport.class)
final class AccountCommand {

    @Spec
    CommandSpec spec;

    /** Where a password comes from: typed (not echoed), or the first line of standard input for scripts. */
    static final class PasswordSource {
        @Option(names = {"-p", "--password"}, interactive = true, arity = "0..1", description = "asks for the password (not echoed)")
        char[] typed;

        @Option(names = "--password-stdin", description = "reads the password from the first line of standard input")
        boolean stdin;

        String password() {
            if (typed != null) {
                return new String(typed);
            }
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new AdminApiException(400, "bad_request", "no password on standard input");
                }
                return line;
            } catch (IOException e) {
                throw new AdminApiException(400, "bad_request", "cannot read standard input: " + e.getMessage());
            }
        }
    }

    @Command(name = "list", description = "Lists accounts (of one domain with --domain).")
    void list(@Option(names = "--domain", paramLabel = "DOMAIN") String domain) {
        MailCtl ctl = MailCtl.of(spec);
        List<AccountView> accounts = ctl.client().mailboxGet(domain == null ? "/accounts" : "/accounts?domain=" + AdminClient.encode(domain),
                new TypeReference<>() {
                });
        Table table = new Table("ADDRESS", "QUOTA", "STATE", "ID");
        accounts.forEach(a -> table.row(a.address(), Sizes.format(a.quotaBytes()), a.disabled() ? "disabled" : "enabled", a.id()));
        table.print(ctl.out());
    }

    @Command(name = "create", description = "Creates an account; its domain must exist.")
    void create(@Parameters(paramLabel = "ADDRESS") String address,
                @ArgGroup(multiplicity = "1") PasswordSource password,
                @Option(names = "--quota", paramLabel = "SIZE", description = "e.g. 2G, 500M (default: the deployment's)") String quota) {
        MailCtl ctl = MailCtl.of(spec);
        AccountView created = ctl.client().mailboxSend("POST", "/accounts",
                new AccountRequest(address, password.password(), quota == null ? null : Sizes.parse(quota)), new TypeReference<AccountView>() {
                });
        ctl.out().println("created " + created.address() + " (quota " + Sizes.format(created.quotaBytes()) + ")");
        ctl.out().flush();
    }

    @Command(name = "password", description = "Sets an account's password; its logins everywhere must use the new one at once.")
    void password(@Parameters(paramLabel = "ADDRESS") String address, @ArgGroup(multiplicity = "1") PasswordSource password) {
        MailCtl ctl = MailCtl.of(spec);
        AccountView account = ctl.client().account(address);
        ctl.client().mailboxSend("PUT", "/accounts/" + account.id() + "/password", new PasswordRequest(password.password()), null);
        say(ctl.out(), "password of " + account.address() + " changed");
    }

    @Command(name = "quota", description = "Sets how much mail an account may hold.")
    void quota(@Parameters(paramLabel = "ADDRESS") String address, @Parameters(paramLabel = "SIZE", description = "e.g. 2G, 500M, 1048576") String size,
               @Option(names = "--messages", paramLabel = "N", description = "at most N messages (IMAP QUOTA's MESSAGE resource); 0: no limit")
               Long messages) {
        MailCtl ctl = MailCtl.of(spec);
        AccountView account = ctl.client().account(address);
        long bytes = Sizes.parse(size);
        ctl.client().mailboxSend("PUT", "/accounts/" + account.id() + "/quota", new QuotaRequest(bytes, messages), null);
        say(ctl.out(), "quota of " + account.address() + " is " + Sizes.format(bytes)
                + (messages == null ? "" : messages == 0 ? ", any number of messages" : ", " + messages + " messages"));
    }

    @Command(name = "disable", description = "Stops an account's logins everywhere; it keeps its mail and still receives.")
    void disable(@Parameters(paramLabel = "ADDRESS") String address) {
        status(address, true);
    }

    @Command(name = "enable", description = "Lets a disabled account log in again.")
    void enable(@Parameters(paramLabel = "ADDRESS") String address) {
        status(address, false);
    }

    @Command(name = "delete", description = "Deletes an account and all its mail.")
    void delete(@Parameters(paramLabel = "ADDRESS") String address,
                @Option(names = "--yes", required = true, description = "confirms: the mail is gone for good") boolean yes) {
        MailCtl ctl = MailCtl.of(spec);
        AccountView account = ctl.client().account(address);
        ctl.client().mailboxSend("DELETE", "/accounts/" + account.id(), null, null);
        say(ctl.out(), "deleted " + account.address());
    }

    private void status(String address, boolean disabled) {
        MailCtl ctl = MailCtl.of(spec);
        AccountView account = ctl.client().account(address);
        ctl.client().mailboxSend("PUT", "/accounts/" + account.id() + "/status", new StatusRequest(disabled), null);
        say(ctl.out(), account.address() + (disabled ? " disabled" : " enabled"));
    }

    private static void say(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
