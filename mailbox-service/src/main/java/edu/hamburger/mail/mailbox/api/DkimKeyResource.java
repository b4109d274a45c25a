package edu.hamburger.mail.mailbox.api;

import static edu.hamburger.mail.mailbox.api.AwaitOnWorker.await;

import edu.hamburger.mail.auth.dkim.DkimAlgorithm;
import edu.hamburger.mail.core.api.admin.AdminApi;
import edu.hamburger.mail.core.api.admin.DkimKeyRequest;
import edu.hamburger.mail.core.api.admin.DkimKeyView;
import edu.hamburger.mail.core.api.admin.DnsRecord;
import edu.hamburger.mail.mailbox.account.MailDomain;
import edu.hamburger.mail.mailbox.dkim.DkimKey;
import edu.hamburger.mail.mailbox.dkim.DkimKeyring;
import edu.hamburger.mail.mailbox.dkim.DnsRecords;
import edu.hamburger.mail.mailbox.store.MailboxException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The operators' DKIM keys and DNS records of a domain, behind the admin token. A rotation is:
 * POST a key with activate=false, publish the records GET dns-records lists, wait for DNS, POST
 * .../activate (the old key turns retiring and stays published), wait for mail in flight, DELETE
 * the old key. Blocking: RSA key generation takes a while.
 */
// the class path is AdminResource's: JAX-RS picks a root resource by its own path first, and a longer
// one here would take DELETE /admin/domains/{name} away from AdminResource
@Path(AdminApi.MAILBOX_BASE_PATH)
@Blocking
public class DkimKeyResource {

    static DkimKeyView view(DkimKey key, String domain) {
        String type = DkimAlgorithm.ofTag(key.algorithm).keyType();
        return new DkimKeyView(key.selector, key.algorithm, key.state, key.selector + "._domainkey." + domain,
                key.published() ? "v=DKIM1; k=" + type + "; p=" + Base64.getEncoder().encodeToString(key.publicKey) : null,
                key.createdAt, key.activatedAt, key.retiredAt);
    }

    @Inject
    DkimKeyring keyring;

    @Inject
    DnsRecords dnsRecords;

    @GET
    @Path("/domains/{domain}/dkim-keys")
    public List<DkimKeyView> keys(@PathParam("domain") String domain) {
        String name = known(domain);
        return await(() -> Panache.withSession(() -> DkimKey.ofDomain(name))).stream().map(k -> view(k, name)).toList();
    }

    @POST
    @Path("/domains/{domain}/dkim-keys")
    public RestResponse<DkimKeyView> create(@PathParam("domain") String domain, DkimKeyRequest request) {
        String name = known(domain);
        DkimAlgorithm algorithm = request == null || request.algorithm() == null ? DkimAlgorithm.RSA_SHA256
                : DkimAlgorithm.ofTag(request.algorithm());
        if (algorithm == null) {
            throw MailboxException.badRequest("algorithm is rsa-sha256 or ed25519-sha256");
        }
        String selector = request == null || request.selector() == null ? null : request.selector().toLowerCase(Locale.ROOT);
        if (selector != null && !selector.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw MailboxException.badRequest("a selector is a DNS label: letters, digits, inner hyphens, at most 63");
        }
        boolean activate = request == null || request.activate() == null || request.activate();
        DkimKey key = await(() -> Panache.withTransaction(() -> MailDomain.findByName(name)
                .chain(d -> keyring.create(d, algorithm, selector, activate))));
        return RestResponse.status(RestResponse.Status.CREATED, view(key, name));
    }

    @POST
    @Path("/domains/{domain}/dkim-keys/{selector}/activate")
    public DkimKeyView activate(@PathParam("domain") String domain, @PathParam("selector") String selector) {
        String name = known(domain);
        return view(await(() -> Panache.withTransaction(() -> keyring.activate(name, selector))), name);
    }

    @DELETE
    @Path("/domains/{domain}/dkim-keys/{selector}")
    public DkimKeyView retire(@PathParam("domain") String domain, @PathParam("selector") String selector) {
        String name = known(domain);
        return view(await(() -> Panache.withTransaction(() -> keyring.retire(name, selector))), name);
    }

    @GET
    @Path("/domains/{domain}/dns-records")
    public List<DnsRecord> dnsRecords(@PathParam("domain") String domain) {
        String name = known(domain);
        return dnsRecords.of(name, await(() -> Panache.withSession(() -> DkimKey.ofDomain(name))));
    }

    private static String known(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        if (await(() -> Panache.withSession(() -> MailDomain.findByName(name))) == null) {
            throw MailboxException.notFound("domain " + name);
        }
        return name;
    }
}
