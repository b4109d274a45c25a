package edu.hamburger.mail.mailbox.dmarc;

import edu.hamburger.mail.core.text.Xml;
import edu.hamburger.mail.mailbox.report.ReportMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One DMARC aggregate report (RFC 7489 §7.2 and Appendix C): the XML, gzipped, as the attachment
 * of a message whose subject and file name follow §7.2.1.1.
 *
 * @param begin  start of the reported period (inclusive), {@code end} its end
 */
record AggregateReport(String submitter, String contact, String reportId, String policyDomain, Instant begin, Instant end,
                       Policy policy, List<Row> rows) {

    /** What the domain published. */
    record Policy(String p, String sp, int pct, String adkim, String aspf) {
    }

    /** One row: a source and what was found for it, and how many messages. */
    record Row(String sourceIp, int count, String disposition, String dkimAligned, String spfAligned, String headerFrom,
               String envelopeFrom, String dkimDomain, String dkimResult, String spfDomain, String spfScope, String spfResult) {
    }

    String xml() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n");
        x.append("  <report_metadata>\n");
        Xml.element(x, 4, "org_name", submitter);
        Xml.element(x, 4, "email", contact);
        Xml.element(x, 4, "report_id", reportId);
        x.append("    <date_range>\n");
        Xml.element(x, 6, "begin", Long.toString(begin.getEpochSecond()));
        Xml.element(x, 6, "end", Long.toString(end.getEpochSecond()));
        x.append("    </date_range>\n  </report_metadata>\n  <policy_published>\n");
        Xml.element(x, 4, "domain", policyDomain);
        Xml.element(x, 4, "adkim", policy.adkim());
        Xml.element(x, 4, "aspf", policy.aspf());
        Xml.element(x, 4, "p", policy.p());
        Xml.element(x, 4, "sp", policy.sp());
        Xml.element(x, 4, "pct", Integer.toString(policy.pct()));
        x.append("  </policy_published>\n");
        for (Row row : rows) {
            x.append("  <record>\n    <row>\n");
            Xml.element(x, 6, "source_ip", row.sourceIp());
            Xml.element(x, 6, "count", Integer.toString(row.count()));
            x.append("      <policy_evaluated>\n");
            Xml.element(x, 8, "disposition", row.disposition());
            Xml.element(x, 8, "dkim", row.dkimAligned());
            Xml.element(x, 8, "spf", row.spfAligned());
            x.append("      </policy_evaluated>\n    </row>\n    <identifiers>\n");
            Xml.element(x, 6, "header_from", row.headerFrom());
            if (!row.envelopeFrom().isEmpty()) {
                Xml.element(x, 6, "envelope_from", row.envelopeFrom());
            }
            x.append("    </identifiers>\n    <auth_results>\n");
            if (!row.dkimDomain().isEmpty()) {
                x.append("      <dkim>\n");
                Xml.element(x, 8, "domain", row.dkimDomain());
                Xml.element(x, 8, "result", row.dkimResult());
                x.append("      </dkim>\n");
            }
            x.append("      <spf>\n");
            Xml.element(x, 8, "domain", row.spfDomain());
            Xml.element(x, 8, "scope", row.spfScope());
            Xml.element(x, 8, "result", row.spfResult());
            x.append("      </spf>\n    </auth_results>\n  </record>\n");
        }
        return x.append("</feedback>\n").toString();
    }

    /** §7.2.1.1: {@code receiver "!" policy-domain "!" begin "!" end ".xml.gz"}. */
    String fileName() {
        return submitter + "!" + policyDomain + "!" + begin.getEpochSecond() + "!" + end.getEpochSecond() + ".xml.gz";
    }

    /** The report as a message from {@code from} to {@code to}. */
    byte[] message(String from, List<String> to, Instant now) {
        return new ReportMessage(from, "DMARC aggregate reports", to,
                "Report Domain: " + policyDomain + " Submitter: " + submitter + " Report-ID: <" + reportId + ">",
                reportId + "@" + submitter, List.of(), "multipart/mixed",
                "This is a DMARC aggregate report (RFC 7489) from " + submitter + " for " + policyDomain + ",\n"
                        + "covering " + begin + " to " + end + ".",
                "application/gzip", fileName(), ReportMessage.gzip(xml().getBytes(StandardCharsets.UTF_8))).bytes(now);
    }
}
