package edu.hamburger.mail.core.api;

/** Constants of mailbox-service's internal REST API, shared by the server and its one client. */
public final class InternalApi {

    /** The version path prefix; a breaking change gets a new one beside it. */
    public static final String BASE_PATH = "/api/v1";
    public static final String VERSION = "v1";

    private InternalApi() {
    }
}
