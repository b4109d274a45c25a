package edu.hamburger.mail.core.api.admin;

/** What a retry or purge did: to how many queued records. */
public record QueueAction(String queueId, String action, int records) {
}
