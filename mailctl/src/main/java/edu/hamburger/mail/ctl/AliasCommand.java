package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import edu.hamburger.mail.core.api.admin.AccountView;
import edu.hamburger.mail.core.api.admin.AliasRequest;
import edu.hamburger.mail.core.api.admin.AliasView;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "alias", description = "Addresses that deliver to an account; @domain is the domain's catch-all.", mixinStandardHelpOptions = true)
final class AliasCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Lists the aliases.")
    void list() {
        MailCtl ctl = MailCtl.of(spec);
        Table table = new Table("ALIAS", "DELIVERS TO");
        aliases(ctl).forEach(a -> table.row(a.address(), a.accountAddress()));
        table.print(ctl.out());
    }

    @Command(name = "add", description = "Delivers mail for ALIAS to the account TARGET.")
    void add(@Parameters(paramLabel = "ALIAS", description = "name@domain, or @domain for a catch-all") String alias,
             @Parameters(paramLabel = "TARGET", description = "the account's address") String target) {
        MailCtl ctl = MailCtl.of(spec);
        AccountView account = ctl.client().account(target);
        AliasView created = ctl.client().mailboxSend("POST", "/aliases", new AliasRequest(alias, account.id()), new TypeReference<AliasView>() {
        });
        ctl.out().println(created.address() + " -> " + created.accountAddress());
        ctl.out().flush();
    }

    @Command(name = "remove", description = "Removes ALIAS (every account it delivers to, or only TARGET).")
    void remove(@Parameters(paramLabel = "ALIAS") String alias, @Parameters(paramLabel = "TARGET", arity = "0..1") String target) {
        MailCtl ctl = MailCtl.of(spec);
        String wanted = alias.strip().toLowerCase(Locale.ROOT);
        List<AliasView> matching = aliases(ctl).stream()
                .filter(a -> a.address().equals(wanted) && (target == null || a.accountAddress().equalsIgnoreCase(target.strip())))
                .toList();
        if (matching.isEmpty()) {
            throw new AdminApiException(404, "not_found", "no alias " + wanted + (target == null ? "" : " to " + target));
        }
        for (AliasView a : matching) {
            ctl.client().mailboxSend("DELETE", "/aliases/" + a.id(), null, null);
            ctl.out().println("removed " + a.address() + " -> " + a.accountAddress());
        }
        ctl.out().flush();
    }

    private static List<AliasView> aliases(MailCtl ctl) {
        return ctl.client().mailboxGet("/aliases", new TypeReference<>() {
        });
    }
}
