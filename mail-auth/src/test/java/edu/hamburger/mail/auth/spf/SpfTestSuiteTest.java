package edu.hamburger.mail.auth.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsSettings;
import edu.hamburger.mail.auth.dns.LoopbackDnsServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The RFC 7208 test suite (openspf.org's, as shipped with pyspf in Debian's python3-spf), each
 * scenario's zone served by the loopback DNS, each case checked here and by pyspf against that
 * same server: our result must be one the suite allows, and where pyspf's is too, the same as
 * pyspf's.
 */
class SpfTestSuiteTest {

    private static final Path SUITE = Path.of("/usr/share/doc/python3-spf/rfc7208-tests.yml.gz");
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    Path dir;

    @Test
    void resultsAreThoseTheSuiteAllowsAndPyspfAgrees() throws Exception {
        assumeTrue(Files.exists(SUITE), "python3-spf's test suite is not installed (.ci/run installs python3-spf)");
        Path script = dir.resolve("spfsuite.py");
        try (InputStream in = getClass().getResourceAsStream("/interop/spfsuite.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process export = new ProcessBuilder(PYTHON, script.toString(), "export", SUITE.toString()).start();
        JsonNode scenarios = new ObjectMapper().readTree(export.getInputStream());
        assertEquals(0, export.waitFor());

        List<String> wrong = new ArrayList<>();
        List<String> disagree = new ArrayList<>();
        int checked = 0;
        try (LoopbackDnsServer dns = new LoopbackDnsServer()) {
            Process pyspf = new ProcessBuilder(PYTHON, script.toString(), "check", dns.address()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Writer toPyspf = new OutputStreamWriter(pyspf.getOutputStream(), StandardCharsets.UTF_8);
            BufferedReader fromPyspf = new BufferedReader(new InputStreamReader(pyspf.getInputStream(), StandardCharsets.UTF_8));
            for (JsonNode scenario : scenarios) {
                dns.clear();
                stage(dns, scenario.get("zone"));
                // a fresh resolver per scenario: answers of the last one must not be remembered
                SpfEvaluator ours = new SpfEvaluator(new DnsResolver(DnsSettings.parse(dns.address(), Duration.ofSeconds(2))));
                for (Iterator<Map.Entry<String, JsonNode>> tests = scenario.get("tests").fields(); tests.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = tests.next();
                    String id = entry.getKey();
                    JsonNode test = entry.getValue();
                    Set<String> allowed = new java.util.HashSet<>();
                    test.get("result").forEach(r -> allowed.add(r.asText()));
                    String ourResult = ours.checkMailFrom(InetAddress.getByName(test.get("host").asText()),
                            test.get("mailfrom").asText(), test.get("helo").asText()).result().keyword();
                    toPyspf.write(new ObjectMapper().writeValueAsString(test) + "\n");
                    toPyspf.flush();
                    String theirs = fromPyspf.readLine();
                    checked++;
                    if (!allowed.contains(ourResult)) {
                        wrong.add(id + " (spec " + test.get("spec").asText() + "): ours " + ourResult + ", allowed " + allowed + ", pyspf " + theirs);
                    } else if (allowed.contains(theirs) && !theirs.equals(ourResult) && allowed.size() == 1) {
                        disagree.add(id + ": ours " + ourResult + ", pyspf " + theirs);
                    }
                }
            }
            toPyspf.close();
            pyspf.waitFor();
        }
        System.out.printf("RFC 7208 suite: %d cases checked, %d not allowed, %d disagreeing with pyspf%n",
                checked, wrong.size(), disagree.size());
        assertTrue(checked >= 200, "the whole suite ran: " + checked);
        assertEquals(List.of(), wrong);
        assertEquals(List.of(), disagree);
    }

    /** Loads one scenario's zone; a record DNS cannot carry is left out, and said so. */
    private static void stage(LoopbackDnsServer dns, JsonNode zone) {
        for (Iterator<Map.Entry<String, JsonNode>> names = zone.fields(); names.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = names.next();
            String name = entry.getKey();
            for (JsonNode record : entry.getValue()) {
                String type = record.get(0).asText();
                JsonNode value = record.get(1);
                try {
                    switch (type) {
                        case "TIMEOUT" -> dns.servfailWithoutData(name);
                        case "TXT" -> {
                            List<String> strings = new ArrayList<>();
                            value.forEach(part -> strings.add(part.asText()));
                            dns.txtStrings(name, strings);
                        }
                        case "A" -> dns.a(name, value.asText());
                        case "AAAA" -> dns.aaaa(name, value.asText());
                        case "PTR" -> dns.ptr(name, value.asText());
                        case "CNAME" -> dns.add(name, Type.CNAME, value.asText().endsWith(".") ? value.asText() : value.asText() + ".");
                        case "MX" -> dns.mx(name, value.get(0).asInt(), value.get(1).asText());
                        default -> throw new IllegalArgumentException("record type " + type);
                    }
                } catch (RuntimeException e) {
                    System.out.println("not staged: " + name + " " + type + " " + value);
                }
            }
        }
    }
}
