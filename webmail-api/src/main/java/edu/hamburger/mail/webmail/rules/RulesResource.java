package edu.hamburger.mail.webmail.rules;

import edu.hamburger.mail.core.api.SieveScriptInfo;
import edu.hamburger.mail.webmail.api.MailStore;
import edu.hamburger.mail.webmail.session.SignedIn;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The rules page: an away message and "move mail from X to folder Y", saved as the account's
 * active Sieve script (docs/delivery-rules.md), the same scripts ManageSieve manages.
 */
@Path("/api/v1/rules")
@Tag(name = "rules")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {

    @Inject
    MailStore store;

    @Inject
    SignedIn signedIn;

    @GET
    @Operation(summary = "The away message and the move rules; custom: another script is active")
    public Uni<MailRules> get() {
        long account = signedIn.accountId();
        return store.api().sieveScripts(account).chain(scripts -> {
            Optional<SieveScriptInfo> active = scripts.stream().filter(SieveScriptInfo::active).findFirst();
            boolean ours = scripts.stream().anyMatch(s -> s.name().equals(RulesScript.NAME));
            if (!ours) {
                return Uni.createFrom().item(new MailRules(null, List.of(), active.isPresent()));
            }
            return store.api().sieveScript(account, RulesScript.NAME).map(content -> {
                MailRules saved = RulesScript.read(content);
                boolean custom = active.isPresent() && !active.get().name().equals(RulesScript.NAME);
                if (saved == null) {
                    return new MailRules(null, List.of(), custom);
                }
                boolean inForce = active.isPresent() && active.get().name().equals(RulesScript.NAME);
                MailRules.Vacation vacation = saved.vacation() == null ? null : new MailRules.Vacation(
                        saved.vacation().enabled() && inForce, saved.vacation().subject(), saved.vacation().text(), saved.vacation().days());
                return new MailRules(vacation, inForce ? saved.moves() : List.of(), custom);
            });
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save the rules: they become the account's active script (or, with none, no script is active)")
    public Uni<MailRules> save(MailRules rules) {
        long account = signedIn.accountId();
        Optional<String> script = RulesScript.write(rules);
        Uni<Void> saved = script.isPresent()
                ? store.api().putSieveScript(account, RulesScript.NAME, script.get())
                        .chain(() -> store.api().activateSieveScript(account, RulesScript.NAME))
                // no rules: ours stops being active; a script of the user's own stays as it is
                : store.api().sieveScripts(account).chain(scripts -> scripts.stream()
                        .anyMatch(s -> s.active() && s.name().equals(RulesScript.NAME))
                        ? store.api().activateSieveScript(account, "") : Uni.createFrom().voidItem());
        return saved.chain(this::get);
    }
}
