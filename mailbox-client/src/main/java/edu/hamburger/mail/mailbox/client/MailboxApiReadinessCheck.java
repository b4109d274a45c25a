package edu.hamburger.mail.mailbox.client;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Ready only when mailbox-service answers an authenticated ping: a gateway that cannot reach the
 * mailboxes (or whose token is refused) must not take connections it cannot serve.
 */
@Readiness
@ApplicationScoped
public class MailboxApiReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "mailbox-service API";

    @RestClient
    MailboxApi mailboxApi;

    @Override
    public Uni<HealthCheckResponse> call() {
        return mailboxApi.ping()
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(ping -> HealthCheckResponse.named(NAME).up().withData("apiVersion", ping.apiVersion()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
