/**
 * The operators' admin APIs as they travel: the requests and views of mailbox-service's
 * {@code /api/v1/admin} (domains, accounts, aliases, DKIM keys, DNS records) and queue-relay's
 * {@code /api/v1/admin/queue}. The services serve them and {@code mailctl} reads them, from this
 * one home.
 */
package edu.hamburger.mail.core.api.admin;
