package edu.hamburger.mail.auth.spf;

import edu.hamburger.mail.auth.spf.SpfResult.Result;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SPF record parsed whole before it is evaluated (RFC 7208 §4.6): any syntax error anywhere is
 * permerror, even behind a mechanism that would have matched. An {@code exp=} is checked for
 * syntax only: the explanation is never fetched (it would only be shown to a rejected sender).
 */
record SpfRecord(List<Mechanism> mechanisms, String redirect, boolean hasAll) {

    enum Kind { ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS }

    /** @param cidr4 prefix for a/mx on IPv4 (-1: whole address), {@code cidr6} likewise */
    record Mechanism(Result qualifier, Kind kind, String domainSpec, Network network, int cidr4, int cidr6, String text) {
    }

    // qualifier, name, then ":domain-spec" (which may hold "/" and ":"), then the dual CIDR length at the very end
    private static final Pattern MECHANISM = Pattern.compile(
            "([+\\-~?]?)([a-zA-Z][a-zA-Z0-9_.\\-]*)(?::(.*?))?(?:/([0-9]+))?(?://([0-9]+))?");
    private static final Pattern MODIFIER = Pattern.compile("([a-zA-Z][a-zA-Z0-9_.\\-]*)=(.*)");
    private static final Pattern IP4 = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    static SpfRecord parse(String text) {
        String[] terms = text.split(" ", -1);
        List<Mechanism> mechanisms = new ArrayList<>();
        String redirect = null;
        boolean explanation = false;
        boolean hasAll = false;
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i];
            if (term.isEmpty()) {
                continue;
            }
            Matcher modifier = MODIFIER.matcher(term);
            if (modifier.matches() && !term.contains(":") || modifier.matches() && term.indexOf('=') < term.indexOf(':')) {
                String name = modifier.group(1).toLowerCase(Locale.ROOT);
                String value = modifier.group(2);
                Macros.validate(value);
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        throw permerror("two redirect= modifiers");
                    }
                    domainSpec(value);
                    redirect = value;
                } else if (name.equals("exp")) {
                    if (explanation) {
                        throw permerror("two exp= modifiers");
                    }
                    domainSpec(value);
                    explanation = true;
                }
                continue; // unknown modifiers are ignored (§6)
            }
            Mechanism mechanism = mechanism(term);
            hasAll |= mechanism.kind() == Kind.ALL;
            mechanisms.add(mechanism);
        }
        return new SpfRecord(List.copyOf(mechanisms), redirect, hasAll);
    }

    private static Mechanism mechanism(String term) {
        Matcher m = MECHANISM.matcher(term);
        if (!m.matches()) {
            throw permerror("bad term " + term);
        }
        Result qualifier = switch (m.group(1)) {
            case "-" -> Result.FAIL;
            case "~" -> Result.SOFTFAIL;
            case "?" -> Result.NEUTRAL;
            default -> Result.PASS;
        };
        String name = m.group(2).toLowerCase(Locale.ROOT);
        String argument = m.group(3);
        String cidr4 = m.group(4);
        String cidr6 = m.group(5);
        Kind kind;
        try {
            kind = Kind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw permerror("unknown mechanism " + name);
        }
        switch (kind) {
            case ALL -> noArgument(term, argument, cidr4, cidr6);
            case INCLUDE, EXISTS -> {
                if (argument == null || cidr4 != null || cidr6 != null) {
                    throw permerror(name + " needs a domain and no prefix: " + term);
                }
                domainSpec(argument);
            }
            case PTR -> {
                if (cidr4 != null || cidr6 != null) {
                    throw permerror("ptr takes no prefix: " + term);
                }
                if (argument != null) {
                    domainSpec(argument);
                }
            }
            case A, MX -> {
                if (argument != null) {
                    domainSpec(argument);
                }
            }
            case IP4 -> {
                if (argument == null || !IP4.matcher(argument).matches() || cidr6 != null) {
                    throw permerror("bad ip4: " + term);
                }
                return new Mechanism(qualifier, kind, null, Network.of(argument, prefix(cidr4, 32)), -1, -1, term);
            }
            case IP6 -> {
                // ip6:2001:db8::/32 — the address holds colons, so split it here, not in the pattern
                String rest = term.substring(term.indexOf(':') + 1);
                int slash = rest.indexOf('/');
                String address = slash < 0 ? rest : rest.substring(0, slash);
                int prefix = slash < 0 ? -1 : prefix(rest.substring(slash + 1), 128);
                if (!address.contains(":") || !address.matches("[0-9a-fA-F:.]+")) {
                    throw permerror("bad ip6: " + term);
                }
                return new Mechanism(qualifier, kind, null, Network.of(address, prefix), -1, -1, term);
            }
            default -> throw new IllegalStateException();
        }
        return new Mechanism(qualifier, kind, argument, null, prefix(cidr4, 32), prefix(cidr6, 128), term);
    }

    private static void noArgument(String term, String argument, String cidr4, String cidr6) {
        if (argument != null || cidr4 != null || cidr6 != null) {
            throw permerror("all takes no argument: " + term);
        }
    }

    /** A domain-spec: macros that parse, ending in a label that could be a top-level domain or in a macro (§7.1). */
    private static void domainSpec(String spec) {
        if (spec.isEmpty()) {
            throw permerror("empty domain");
        }
        Macros.validate(spec);
        if (spec.endsWith("}")) {
            return;
        }
        String name = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
        String top = name.substring(name.lastIndexOf('.') + 1);
        if (!name.contains(".") || top.isEmpty() || !top.matches("[a-zA-Z0-9-]*[a-zA-Z][a-zA-Z0-9-]*") || top.startsWith("-") || top.endsWith("-")) {
            throw permerror("not a domain: " + spec);
        }
    }

    private static int prefix(String digits, int max) {
        if (digits == null) {
            return -1;
        }
        if (!digits.matches("[0-9]{1,3}") || (digits.length() > 1 && digits.startsWith("0"))) {
            throw permerror("bad prefix length /" + digits);
        }
        int prefix = Integer.parseInt(digits);
        if (prefix > max) {
            throw permerror("prefix length /" + prefix + " over " + max);
        }
        return prefix;
    }

    static SpfEvaluator.SpfException permerror(String message) {
        return new SpfEvaluator.SpfException(Result.PERMERROR, message);
    }

    /** An address and prefix length; contains() is false across families. */
    record Network(byte[] address, int prefix) {

        static Network of(String address, int prefix) {
            try {
                InetAddress parsed = InetAddress.getByName(address); // a literal: no lookup happens
                byte[] raw = parsed.getAddress();
                return new Network(raw, prefix < 0 ? raw.length * 8 : prefix);
            } catch (UnknownHostException e) {
                throw permerror("bad address " + address);
            }
        }

        boolean contains(InetAddress client) {
            byte[] other = client.getAddress();
            if (other.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int bits = prefix % 8;
            if (bits == 0) {
                return true;
            }
            int mask = 0xff << (8 - bits) & 0xff;
            return (other[full] & mask) == (address[full] & mask);
        }
    }
}
