package edu.hamburger.mail.webmail.session;

import jakarta.enterprise.context.RequestScoped;

/** The session of the request being served, set by {@link SessionFilter} before any resource runs. */
@RequestScoped
public class SignedIn {

    private WebSession session;

    void set(WebSession session) {
        this.session = session;
    }

    public WebSession session() {
        if (session == null) {
            throw new IllegalStateException("no session: the path is not behind SessionFilter");
        }
        return session;
    }

    public long accountId() {
        return session().accountId();
    }
}
