package edu.hamburger.mail.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8460 §3's record, with its examples. */
class TlsRptRecordTest {

    @Test
    void theRfcExamplesParse() {
        TlsRptRecord mail = TlsRptRecord.parse("v=TLSRPTv1;rua=mailto:reports@example.com");
        assertEquals(List.of("mailto:reports@example.com"), mail.rua());
        assertEquals(List.of("reports@example.com"), mail.mailto());
        TlsRptRecord both = TlsRptRecord.parse("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt , mailto:tls+rpt%40x@example.com");
        assertEquals(List.of("https://reporting.example.com/v1/tlsrpt", "mailto:tls+rpt%40x@example.com"), both.rua());
        assertEquals(List.of("tls+rpt@x@example.com"), both.mailto(), "%-decoded, '+' kept");
    }

    @Test
    void otherRecordsAndEmptyOnesAreNone() {
        assertNull(TlsRptRecord.parse("v=spf1 -all"));
        assertNull(TlsRptRecord.parse("v=TLSRPTv1"));
        assertNull(TlsRptRecord.parse("v=TLSRPTv1; rua="));
        assertNull(TlsRptRecord.parse("v=TLSRPTv2; rua=mailto:a@example.com"));
    }
}
