package edu.hamburger.mail.ctl;

import edu.hamburger.mail.core.api.admin.DnsRecord;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Checks a deployment from the outside, as an operator would by hand: every service ready, every
 * mail port greeting with its protocol's banner, the certificate on the TLS ports valid for a while
 * yet, and each domain's DNS records answering what the API says they should. Exit 0 unless
 * something FAILED; WARN lines are worth reading (DNS not yet published, a certificate near expiry).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Checks health, ports, certificates and DNS of a deployment; exits 1 if a check fails.")
final class DoctorCommand implements Callable<Integer> {

    enum Verdict { OK, WARN, FAIL }

    record Finding(Verdict verdict, String what, String detail) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--health", split = ",", paramLabel = "NAME=URL", defaultValue = "${env:MAILCTL_HEALTH}",
            description = "readiness URLs to check (default: mailbox-service's and queue-relay's)")
    Map<String, URI> health;

    @Option(names = "--port", split = ",", paramLabel = "KIND=HOST:PORT", defaultValue = "${env:MAILCTL_PORTS}",
            description = "mail ports to greet; KIND is smtp, submission, smtps, imap, imaps, pop3 or pop3s (the s: implicit TLS, certificate read)")
    Map<String, String> ports;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]", description = "the resolver to ask (default: the system's)")
    String dnsServer;

    @Option(names = "--no-dns", description = "skip the DNS checks")
    boolean noDns;

    @Option(names = "--strict-dns", description = "a missing or different DNS record fails (default: warns)")
    boolean strictDns;

    @Option(names = "--cert-warn-days", defaultValue = "14", description = "warn when a certificate expires within this many days (default ${DEFAULT-VALUE})")
    int certWarnDays;

    private final List<Finding> findings = new ArrayList<>();

    @Override
    public Integer call() {
        MailCtl ctl = MailCtl.of(spec);
        checkHealth(ctl);
        if (ports != null) {
            ports.forEach((kind, address) -> findings.addAll(PortProbe.check(kind, address, certWarnDays)));
        }
        if (!noDns) {
            checkDns(ctl);
        }
        PrintWriter out = ctl.out();
        for (Finding f : findings) {
            out.printf("%-4s  %-44s %s%n", f.verdict(), f.what(), f.detail());
        }
        long failed = findings.stream().filter(f -> f.verdict() == Verdict.FAIL).count();
        long warned = findings.stream().filter(f -> f.verdict() == Verdict.WARN).count();
        out.printf("%d checks: %d ok, %d warnings, %d failed%n", findings.size(), findings.size() - failed - warned, warned, failed);
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private void checkHealth(MailCtl ctl) {
        Map<String, URI> targets = health;
        if (targets == null || targets.isEmpty()) {
            targets = new LinkedHashMap<>();
            targets.put("mailbox-service", ctl.mailboxUrl.resolve("/q/health/ready"));
            targets.put("queue-relay", ctl.relayUrl.resolve("/q/health/ready"));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        targets.forEach((name, url) -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                findings.add(response.statusCode() == 200
                        ? new Finding(Verdict.OK, "health " + name, "ready")
                        : new Finding(Verdict.FAIL, "health " + name, "not ready (" + response.statusCode() + "): "
                        + response.body().replaceAll("\\s+", " ").substring(0, Math.min(200, response.body().length()))));
            } catch (Exception e) {
                findings.add(new Finding(Verdict.FAIL, "health " + name, url + " unreachable: " + AdminClient.describe(e)));
            }
        });
    }

    private void checkDns(MailCtl ctl) {
        List<String> domains;
        try {
            domains = ctl.client().mailboxGet("/domains", new TypeReference<>() {
            });
        } catch (AdminApiException e) {
            findings.add(new Finding(Verdict.FAIL, "admin API", e.getMessage()));
            return;
        }
        DnsLookup dns = new DnsLookup(dnsServer);
        Verdict problem = strictDns ? Verdict.FAIL : Verdict.WARN;
        for (String domain : domains) {
            for (DnsRecord expected : DnsCommand.records(ctl.client(), domain)) {
                String what = "dns " + expected.type() + " " + expected.name();
                try {
                    List<String> answers = dns.lookup(expected.name(), expected.type());
                    if (answers.isEmpty()) {
                        findings.add(new Finding(problem, what, "not published"));
                    } else if (answers.stream().anyMatch(a -> DnsLookup.sameData(expected.type(), a, expected.value()))) {
                        findings.add(new Finding(Verdict.OK, what, "as expected"));
                    } else {
                        findings.add(new Finding(problem, what, "answers " + answers + ", expected " + expected.value()));
                    }
                } catch (Exception e) {
                    findings.add(new Finding(problem, what, "lookup failed: " + AdminClient.describe(e)));
                }
            }
        }
    }
}
