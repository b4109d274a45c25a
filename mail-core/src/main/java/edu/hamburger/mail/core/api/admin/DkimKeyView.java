package edu.hamburger.mail.core.api.admin;

import java.time.OffsetDateTime;

/** A domain's DKIM key: its state and the TXT record to publish (null once it is no longer published). */
public record DkimKeyView(String selector, String algorithm, String state, String dnsName, String dnsValue,
                          OffsetDateTime createdAt, OffsetDateTime activatedAt, OffsetDateTime retiredAt) {
}
