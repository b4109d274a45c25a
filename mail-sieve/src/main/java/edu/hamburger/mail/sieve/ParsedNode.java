package edu.hamburger.mail.sieve;

import java.util.List;

/**
 * A command or test as the grammar sees it (RFC 5228 §8.2), before the compiler knows what its
 * name means. {@code block} is null for a command ended by ';' and for every test.
 */
record ParsedNode(String name, List<Argument> arguments, List<ParsedNode> tests, List<ParsedNode> block, int line) {
}
