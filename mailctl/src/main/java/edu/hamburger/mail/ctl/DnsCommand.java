package edu.hamburger.mail.ctl;

import com.fasterxml.jackson.core.type.TypeReference;
import edu.hamburger.mail.core.api.admin.DnsRecord;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The records a domain needs, as zone-file lines to paste (RFC 1035 master file format). */
@Command(name = "dns", description = "Prints the DNS records DOMAIN needs as zone-file lines (MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, SRV).",
        mixinStandardHelpOptions = true)
final class DnsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN")
    String domain;

    @Override
    public void run() {
        MailCtl ctl = MailCtl.of(spec);
        for (DnsRecord record : records(ctl.client(), domain)) {
            ctl.out().println(zoneLine(record.type(), record.name(), record.value()));
        }
        ctl.out().flush();
    }

    static List<DnsRecord> records(AdminClient client, String domain) {
        return client.mailboxGet("/domains/" + AdminClient.encode(domain) + "/dns-records", new TypeReference<>() {
        });
    }

    /** {@code name. 3600 IN TYPE value}; a TXT value in quoted strings of at most 255 octets. */
    static String zoneLine(String type, String name, String value) {
        String data = switch (type) {
            case "TXT" -> quotedStrings(value);
            case "MX", "CNAME", "SRV" -> value.endsWith(".") ? value : value + ".";
            default -> value;
        };
        return name + ". 3600 IN " + type + " " + data;
    }

    static String quotedStrings(String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add("\"" + value.substring(i, Math.min(value.length(), i + 255)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return String.join(" ", parts);
    }
}
