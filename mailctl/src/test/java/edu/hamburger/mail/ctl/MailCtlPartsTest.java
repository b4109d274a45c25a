package edu.hamburger.mail.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of mailctl that need no deployment; the commands against a running stack are LocalStackTest's. */
class MailCtlPartsTest {

    @Test
    void csvFieldsFollowRfc4180Quoting() throws IOException {
        assertEquals(List.of("a@b.test", "pass,word \"x\"", "2G"), AccountImport.fields("a@b.test,\"pass,word \"\"x\"\"\",2G"));
        assertEquals(List.of("a@b.test", ""), AccountImport.fields("a@b.test,"));
        assertThrows(IOException.class, () -> AccountImport.fields("a@b.test,\"open"));
    }

    @Test
    void importSkipsHeaderAndCommentsAndNamesTheBadLine() throws IOException {
        List<AccountImport.Line> lines = AccountImport.parse(List.of("address,password,quota", "# staff", "", "a@b.test,secret-one,500M", "c@b.test,secret-two"));
        assertEquals(2, lines.size());
        assertEquals(4, lines.get(0).number());
        assertEquals(500L << 20, lines.get(0).request().quotaBytes());
        assertNull(lines.get(1).request().quotaBytes());
        IOException bad = assertThrows(IOException.class, () -> AccountImport.parse(List.of("a@b.test,secret", "only-an-address")));
        assertTrue(bad.getMessage().startsWith("line 2"), bad.getMessage());
    }

    @Test
    void sizesAreBinaryMultiples() {
        assertEquals(2L << 30, Sizes.parse("2G"));
        assertEquals(500L << 20, Sizes.parse("500mb"));
        assertEquals(1048576, Sizes.parse("1048576"));
        assertEquals("2G", Sizes.format(2L << 30));
        assertEquals("1000", Sizes.format(1000));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("99999999999T"));
    }

    @Test
    void zoneLinesQuoteAndSplitTxtAndQualifyNames() {
        assertEquals("x.test. 3600 IN MX 10 mail.x.test.", DnsCommand.zoneLine("MX", "x.test", "10 mail.x.test"));
        assertEquals("_imaps._tcp.x.test. 3600 IN SRV 0 1 993 mail.x.test.", DnsCommand.zoneLine("SRV", "_imaps._tcp.x.test", "0 1 993 mail.x.test"));
        String longValue = "v=DKIM1; k=rsa; p=" + "A".repeat(380);
        String line = DnsCommand.zoneLine("TXT", "s._domainkey.x.test", longValue);
        assertTrue(line.matches("s\\._domainkey\\.x\\.test\\. 3600 IN TXT \"[^\"]{255}\" \"[^\"]+\""), line);
    }

    @Test
    void dnsAnswersCompareAsDataNotText() {
        assertTrue(DnsLookup.sameData("MX", "10 MAIL.x.test.", "10 mail.x.test"));
        assertTrue(DnsLookup.sameData("TXT", "\"v=DKIM1; k=rsa; p=AAAA\" \"BBBB\"", "v=DKIM1; k=rsa; p=AAAABBBB"));
        assertFalse(DnsLookup.sameData("TXT", "v=spf1 -all", "v=spf1 mx -all"));
        assertFalse(DnsLookup.sameData("SRV", "0 1 993 other.test.", "0 1 993 mail.x.test"));
    }

    @Test
    void withoutATokenItSaysHowToGiveOne() {
        StringWriter err = new StringWriter();
        var line = MailCtl.commandLine();
        line.setErr(new PrintWriter(err));
        int status = line.execute("--mailbox-url", "http://127.0.0.1:1", "domain", "list");
        assertEquals(2, status);
        assertTrue(err.toString().contains("no operator token"), err.toString());
    }

    @Test
    void anUnreachableServiceIsExitStatus69WithTheUrl() {
        StringWriter err = new StringWriter();
        var line = MailCtl.commandLine();
        line.setErr(new PrintWriter(err));
        int status = line.execute("--mailbox-url", "http://127.0.0.1:1", "--token", "t", "domain", "list");
        assertEquals(69, status);
        assertTrue(err.toString().contains("127.0.0.1:1/api/v1/admin/domains"), err.toString());
    }
}
