package edu.hamburger.mail.core.api.admin;

/** One record a domain should publish (MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, SRV...). */
public record DnsRecord(String type, String name, String value) {
}
