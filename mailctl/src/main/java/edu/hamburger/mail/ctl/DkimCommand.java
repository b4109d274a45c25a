package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import edu.hamburger.mail.core.api.admin.DkimKeyRequest;
import edu.hamburger.mail.core.api.admin.DkimKeyView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A domain's DKIM keys; a rotation is add --no-activate, publish, activate, then retire the old. */
@Command(name = "dkim", description = "DKIM keys of a domain: list, add, activate, retire.", mixinStandardHelpOptions = true)
final class DkimCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "Lists a domain's keys and their states.")
    void list(@Parameters(paramLabel = "DOMAIN") String domain) {
        MailCtl ctl = MailCtl.of(spec);
        List<DkimKeyView> keys = ctl.client().mailboxGet(path(domain), new TypeReference<>() {
        });
        Table table = new Table("SELECTOR", "ALGORITHM", "STATE", "CREATED", "DNS NAME");
        keys.forEach(k -> table.row(k.selector(), k.algorithm(), k.state(), k.createdAt() == null ? null : k.createdAt().toLocalDate(), k.dnsName()));
        table.print(ctl.out());
    }

    @Command(name = "add", description = "Makes a new key (rsa-sha256 or ed25519-sha256); with --no-activate it is only published, for a rotation.")
    void add(@Parameters(paramLabel = "DOMAIN") String domain,
             @Option(names = "--algorithm", defaultValue = "rsa-sha256") String algorithm,
             @Option(names = "--selector") String selector,
             @Option(names = "--no-activate", description = "publish only; activate after DNS has it") boolean noActivate) {
        MailCtl ctl = MailCtl.of(spec);
        DkimKeyView key = ctl.client().mailboxSend("POST", path(domain), new DkimKeyRequest(algorithm, selector, !noActivate),
                new TypeReference<DkimKeyView>() {
                });
        print(ctl, key);
    }

    @Command(name = "activate", description = "Signs with this key from now on (publish its record first).")
    void activate(@Parameters(paramLabel = "DOMAIN") String domain, @Parameters(paramLabel = "SELECTOR") String selector) {
        MailCtl ctl = MailCtl.of(spec);
        print(ctl, ctl.client().mailboxSend("POST", path(domain) + "/" + AdminClient.encode(selector) + "/activate", null,
                new TypeReference<DkimKeyView>() {
                }));
    }

    @Command(name = "retire", description = "Stops publishing a key that no longer signs.")
    void retire(@Parameters(paramLabel = "DOMAIN") String domain, @Parameters(paramLabel = "SELECTOR") String selector) {
        MailCtl ctl = MailCtl.of(spec);
        print(ctl, ctl.client().mailboxSend("DELETE", path(domain) + "/" + AdminClient.encode(selector), null,
                new TypeReference<DkimKeyView>() {
                }));
    }

    private static String path(String domain) {
        return "/domains/" + AdminClient.encode(domain) + "/dkim-keys";
    }

    private static void print(MailCtl ctl, DkimKeyView key) {
        ctl.out().println(key.selector() + " (" + key.algorithm() + "): " + key.state());
        if (key.dnsValue() != null) {
            ctl.out().println(DnsCommand.zoneLine("TXT", key.dnsName(), key.dnsValue()));
        }
        ctl.out().flush();
    }
}
