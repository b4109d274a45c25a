package edu.hamburger.mail.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MtaStsPolicyTest {

    @Test
    void theRfcExamplePolicyParsesAndItsPatternsMatch() {
        // RFC 8461 §3.2's example, LF line ends as many servers send them
        MtaStsPolicy policy = MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmx: backupmx.example.com\nmax_age: 604800\n");
        assertTrue(policy.enforce());
        assertEquals(604800, policy.maxAge());
        assertTrue(policy.allows("mail.example.com"));
        assertTrue(policy.allows("MX1.example.net."));
        assertFalse(policy.allows("example.net"), "a wildcard stands for exactly one label");
        assertFalse(policy.allows("a.b.example.net"));
        assertFalse(policy.allows("evil.example.com"));
    }

    @Test
    void ourOwnPolicyReadsBackAndItsIdFollowsTheText() {
        MtaStsPolicy ours = new MtaStsPolicy("enforce", List.of("mail.crepes.fr"), 604800);
        assertEquals(ours, MtaStsPolicy.parse(ours.text()));
        assertEquals(20, ours.id().length());
        assertFalse(ours.id().equals(new MtaStsPolicy("testing", List.of("mail.crepes.fr"), 604800).id()));
    }

    @Test
    void brokenPoliciesAndRecordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MtaStsPolicy.parse("version: STSv2\nmode: enforce\nmx: a.b\nmax_age: 1\n"));
        assertThrows(IllegalArgumentException.class, () -> MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmax_age: 1\n"));
        assertThrows(IllegalArgumentException.class, () -> MtaStsPolicy.parse("version: STSv1\nmode: sometimes\nmx: a.b\nmax_age: 1\n"));
        assertEquals(MtaStsPolicy.MAX_AGE_LIMIT, MtaStsPolicy.parse("version: STSv1\nmode: testing\nmx: a.b\nmax_age: 9999999999\n").maxAge());
        assertEquals("20160831085700Z", MtaStsPolicy.recordId("v=STSv1; id=20160831085700Z;"));
        assertNull(MtaStsPolicy.recordId("v=spf1 -all"));
        assertNull(MtaStsPolicy.recordId("v=STSv1; id=not-alphanumeric"));
    }
}
