package edu.hamburger.mail.core.api.admin;

import java.util.List;
import java.util.Map;

/** GET /api/v1/admin/queue: the queued messages and how many wait per destination domain. */
public record QueueListing(int count, Map<String, Integer> perDomain, List<QueuedMessage> messages) {
}
