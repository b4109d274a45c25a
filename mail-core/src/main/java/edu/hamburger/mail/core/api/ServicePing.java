package edu.hamburger.mail.core.api;

/** The answer of mailbox-service's {@code GET /api/v1/ping}: who answered, and the API version it speaks. */
public record ServicePing(String service, String apiVersion) {
}
