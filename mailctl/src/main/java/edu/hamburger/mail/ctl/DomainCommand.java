package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import edu.hamburger.mail.core.api.admin.DomainRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "domain", description = "The mail domains this deployment receives for.", mixinStandardHelpOptions = true)
final class DomainCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Lists the domains.")
    void list() {
        MailCtl ctl = MailCtl.of(spec);
        List<String> domains = ctl.client().mailboxGet("/domains", new TypeReference<>() {
        });
        domains.forEach(ctl.out()::println);
        ctl.out().flush();
    }

    @Command(name = "add", description = "Adds a domain (with its DKIM keys); then publish what 'mailctl dns DOMAIN' prints.")
    void add(@Parameters(paramLabel = "DOMAIN") String domain) {
        MailCtl ctl = MailCtl.of(spec);
        ctl.client().mailboxSend("POST", "/domains", new DomainRequest(domain), null);
        ctl.out().println("added domain " + domain);
        ctl.out().flush();
    }

    @Command(name = "remove", description = "Removes a domain that has no accounts left.")
    void remove(@Parameters(paramLabel = "DOMAIN") String domain) {
        MailCtl ctl = MailCtl.of(spec);
        ctl.client().mailboxSend("DELETE", "/domains/" + AdminClient.encode(domain), null, null);
        ctl.out().println("removed domain " + domain);
        ctl.out().flush();
    }
}
