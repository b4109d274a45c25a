package edu.hamburger.mail.core.api;

import java.util.List;

/**
 * One message of a thread (RFC 5256 THREAD) and its replies, oldest first. {@code uid} 0 is a
 * message the thread refers to but the mailbox does not hold: it only groups its children.
 */
public record ThreadNode(long uid, List<ThreadNode> children) {

    public ThreadNode {
        children = children == null ? List.of() : List.copyOf(children);
    }

    public boolean placeholder() {
        return uid == 0;
    }
}
