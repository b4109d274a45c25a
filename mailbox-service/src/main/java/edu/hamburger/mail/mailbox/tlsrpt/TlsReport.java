package edu.hamburger.mail.mailbox.tlsrpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.mailbox.report.ReportMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SMTP TLS report (RFC 8460 §4): per policy the sessions that succeeded and failed, and the
 * failures in detail, as gzipped JSON attached to a message shaped as §5.3 asks.
 *
 * @param begin start of the reported day, {@code end} its last second
 */
record TlsReport(String organisation, String contact, String reportId, String policyDomain, Instant begin, Instant end,
                 List<Policy> policies) {

    /** One policy applied during the day and what happened under it. */
    record Policy(String type, List<String> policyStrings, List<String> mxHosts, long successes, List<Failure> failures) {

        long failureCount() {
            return failures.stream().mapToLong(Failure::sessions).sum();
        }
    }

    /** Failed sessions of one kind with one MX, from one of our addresses. */
    record Failure(String resultType, String sendingIp, String receivingMx, String receivingIp, long sessions) {
    }

    /** The report's JSON (§4.4), its members in the RFC's order. */
    String json(ObjectMapper mapper) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("organization-name", organisation);
        report.put("date-range", ordered("start-datetime", begin.toString(), "end-datetime", end.toString()));
        report.put("contact-info", contact);
        report.put("report-id", reportId);
        List<Object> list = new ArrayList<>();
        for (Policy p : policies) {
            Map<String, Object> policy = ordered("policy-type", p.type());
            if (!p.policyStrings().isEmpty()) {
                policy.put("policy-string", p.policyStrings());
            }
            policy.put("policy-domain", policyDomain);
            if (!p.mxHosts().isEmpty()) {
                policy.put("mx-host", p.mxHosts());
            }
            Map<String, Object> entry = ordered("policy", policy,
                    "summary", ordered("total-successful-session-count", p.successes(), "total-failure-session-count", p.failureCount()));
            if (!p.failures().isEmpty()) {
                List<Object> details = new ArrayList<>();
                for (Failure f : p.failures()) {
                    Map<String, Object> detail = ordered("result-type", f.resultType());
                    putIfPresent(detail, "sending-mta-ip", f.sendingIp());
                    putIfPresent(detail, "receiving-mx-hostname", f.receivingMx());
                    putIfPresent(detail, "receiving-ip", f.receivingIp());
                    detail.put("failed-session-count", f.sessions());
                    details.add(detail);
                }
                entry.put("failure-details", details);
            }
            list.add(entry);
        }
        report.put("policies", list);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }

    /** §5.1: {@code submitter "!" policy-domain "!" begin "!" end "!" unique-id ".json.gz"}, times in epoch seconds. */
    String fileName() {
        return organisation + "!" + policyDomain + "!" + begin.getEpochSecond() + "!" + end.getEpochSecond() + "!" + reportId + ".json.gz";
    }

    /** §5.3: the report as a message from {@code from} to {@code to}. */
    byte[] message(ObjectMapper mapper, String from, List<String> to, Instant now) {
        return new ReportMessage(from, "SMTP TLS reports", to,
                "Report Domain: " + policyDomain + " Submitter: " + organisation + " Report-ID: <" + reportId + "@" + organisation + ">",
                reportId + "@" + organisation,
                List.of("TLS-Report-Domain: " + policyDomain, "TLS-Report-Submitter: " + organisation),
                "multipart/report; report-type=\"tlsrpt\"",
                "This is an aggregate TLS report (RFC 8460) from " + organisation + " for " + policyDomain + ",\n"
                        + "covering " + begin + " to " + end + ".",
                "application/tlsrpt+gzip", fileName(),
                ReportMessage.gzip(json(mapper).getBytes(java.nio.charset.StandardCharsets.UTF_8))).bytes(now);
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
