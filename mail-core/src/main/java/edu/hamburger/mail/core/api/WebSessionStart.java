package edu.hamburger.mail.core.api;

/**
 * {@code POST /api/v1/web-sessions}: the webmail signed an account in (its password was checked
 * by {@code /auth} just before) and asks for a session that lasts {@code lifetimeSeconds}.
 */
public record WebSessionStart(long accountId, long lifetimeSeconds) {
}
