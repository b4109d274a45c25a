package edu.hamburger.mail.core.api.admin;

/** Paths of the admin APIs, relative to each service's root. */
public final class AdminApi {

    /** mailbox-service: domains, accounts, aliases, DKIM keys, DNS records. */
    public static final String MAILBOX_BASE_PATH = "/api/v1/admin";
    /** queue-relay: the outbound queue. */
    public static final String QUEUE_PATH = "/api/v1/admin/queue";
    /** The header carrying the operators' token: {@code Authorization: Bearer <token>}. */
    public static final String AUTHORIZATION = "Authorization";

    private AdminApi() {
    }
}
