package edu.hamburger.mail.auth.dns;

import org.xbill.DNS.Type;

/** The record types mail needs. */
public enum DnsType {
    A(Type.A), AAAA(Type.AAAA), MX(Type.MX), TXT(Type.TXT), PTR(Type.PTR),
    /** DANE (RFC 6698): "usage selector matching-type hex" */
    TLSA(Type.TLSA);

    final int code;

    DnsType(int code) {
        this.code = code;
    }
}
