package edu.hamburger.mail.auth.spf;

import edu.hamburger.mail.auth.dns.DnsAnswer;
import edu.hamburger.mail.auth.dns.DnsResolver;
import edu.hamburger.mail.auth.dns.DnsType;
import edu.hamburger.mail.auth.spf.SpfResult.Result;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * check_host() of RFC 7208: is this client allowed to send for this domain? Mechanisms are tried
 * left to right; at most {@link #MAX_DNS_MECHANISMS} of them may cause DNS lookups, at most
 * {@link #MAX_VOID_LOOKUPS} lookups may come back empty, and an MX or PTR mechanism looks at no
 * more than {@link #MAX_NAMES} names (§4.6.4): beyond any of these the result is permerror, so a
 * hostile record cannot make the receiver a DNS amplifier. Blocking: run on a worker thread.
 */
public final class SpfEvaluator {

    public static final int MAX_DNS_MECHANISMS = 10;
    public static final int MAX_VOID_LOOKUPS = 2;
    public static final int MAX_NAMES = 10;

    private final DnsResolver dns;
    public SpfEvaluator(DnsResolver dns) {
        this.dns = dns;
    }

    /**
     * The MAIL FROM identity (§2.4), or with a null reverse path the HELO identity as
     * postmaster@helo (§2.3).
     *
     * @param mailFrom the reverse path without brackets, "" for the null path
     */
    public SpfResult checkMailFrom(InetAddress client, String mailFrom, String helo) {
        if (mailFrom == null || mailFrom.isEmpty()) {
            return checkHelo(client, helo);
        }
        int at = mailFrom.lastIndexOf('@');
        String local = at <= 0 ? "postmaster" : mailFrom.substring(0, at);
        return check(client, mailFrom.substring(at + 1), local, helo, "mailfrom");
    }

    public SpfResult checkHelo(InetAddress client, String helo) {
        return check(client, helo == null ? "" : helo, "postmaster", helo, "helo");
    }

    /** One check_host(); its lookup budgets live in the {@link Evaluation}, so checks run side by side. */
    private SpfResult check(InetAddress client, String domain, String localPart, String helo, String identity) {
        Evaluation evaluation = new Evaluation(normalise(client), localPart, domain, helo == null ? "unknown" : helo);
        Result result;
        try {
            result = evaluation.checkHost(domain, 0);
        } catch (SpfException e) {
            evaluation.reason = e.getMessage();
            result = e.result;
        }
        return new SpfResult(result, identity, domain.toLowerCase(Locale.ROOT), evaluation.reason);
    }

    private static InetAddress normalise(InetAddress client) {
        byte[] raw = client.getAddress();
        if (client instanceof Inet6Address && isV4Mapped(raw)) {
            try {
                return InetAddress.getByAddress(java.util.Arrays.copyOfRange(raw, 12, 16));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return client;
    }

    private static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    static final class SpfException extends RuntimeException {
        final Result result;

        SpfException(Result result, String message) {
            super(message, null, false, false);
            this.result = result;
        }
    }

    /** The state of one check_host() and everything it includes: the shared lookup budgets. */
    final class Evaluation {
        final InetAddress client;
        final String localPart;
        final String sender;
        final String helo;
        int dnsMechanisms;
        int voidLookups;
        String reason;

        Evaluation(InetAddress client, String localPart, String senderDomain, String helo) {
            this.client = client;
            this.localPart = localPart;
            this.sender = localPart + "@" + senderDomain;
            this.helo = helo;
        }

        Result checkHost(String domain, int depth) {
            if (!validDomain(domain)) {
                reason = "not a domain: " + domain;
                return Result.NONE; // §4.3
            }
            String record = record(domain);
            if (record == null) {
                reason = "no SPF record at " + domain;
                return Result.NONE;
            }
            SpfRecord parsed = SpfRecord.parse(record);
            for (SpfRecord.Mechanism mechanism : parsed.mechanisms()) {
                if (matches(mechanism, domain, depth)) {
                    reason = domain + ": " + mechanism.text() + " matched";
                    return mechanism.qualifier();
                }
            }
            if (parsed.redirect() != null && !parsed.hasAll()) {
                countDnsMechanism();
                String target = Macros.expand(parsed.redirect(), this, domain);
                if (depth > MAX_DNS_MECHANISMS) {
                    throw new SpfException(Result.PERMERROR, "too deep");
                }
                Result redirected = checkHost(target, depth + 1);
                if (redirected == Result.NONE) {
                    throw new SpfException(Result.PERMERROR, "redirect to " + target + " which has no SPF record");
                }
                return redirected;
            }
            reason = domain + ": no mechanism matched";
            return Result.NEUTRAL;
        }

        /** The one "v=spf1" TXT record of the domain (§4.5): none → null, two → permerror. */
        String record(String domain) {
            DnsAnswer answer = dns.lookup(domain, DnsType.TXT);
            if (answer.status() == DnsAnswer.Status.TEMPORARY_ERROR) {
                throw new SpfException(Result.TEMPERROR, "TXT lookup of " + domain + " failed: " + answer.detail());
            }
            List<String> spf = new ArrayList<>();
            for (String txt : answer.records()) {
                String lower = txt.toLowerCase(Locale.ROOT);
                if (lower.equals("v=spf1") || lower.startsWith("v=spf1 ")) {
                    spf.add(txt);
                }
            }
            if (spf.size() > 1) {
                throw new SpfException(Result.PERMERROR, domain + " publishes " + spf.size() + " SPF records");
            }
            return spf.isEmpty() ? null : spf.get(0);
        }

        boolean matches(SpfRecord.Mechanism m, String domain, int depth) {
            switch (m.kind()) {
                case ALL:
                    return true;
                case IP4:
                case IP6:
                    return m.network().contains(client);
                case A: {
                    countDnsMechanism();
                    return addressMatches(target(m, domain), m);
                }
                case MX: {
                    countDnsMechanism();
                    DnsAnswer mx = lookup(target(m, domain), DnsType.MX);
                    if (mx.records().size() > MAX_NAMES) {
                        throw new SpfException(Result.PERMERROR, "more than " + MAX_NAMES + " MX names");
                    }
                    for (String record : mx.records()) {
                        if (addressMatches(record.substring(record.indexOf(' ') + 1), m)) {
                            return true;
                        }
                    }
                    return false;
                }
                case PTR: {
                    countDnsMechanism();
                    return ptrMatches(target(m, domain));
                }
                case EXISTS: {
                    countDnsMechanism();
                    return !lookup(Macros.expand(m.domainSpec(), this, domain), DnsType.A).records().isEmpty();
                }
                case INCLUDE: {
                    countDnsMechanism();
                    if (depth > MAX_DNS_MECHANISMS) {
                        throw new SpfException(Result.PERMERROR, "too deep");
                    }
                    String target = Macros.expand(m.domainSpec(), this, domain);
                    Result included = checkHost(target, depth + 1);
                    return switch (included) {
                        case PASS -> true;
                        case FAIL, SOFTFAIL, NEUTRAL -> false;
                        case TEMPERROR -> throw new SpfException(Result.TEMPERROR, "include:" + target + ": temperror");
                        case PERMERROR, NONE -> throw new SpfException(Result.PERMERROR, "include:" + target + ": " + included.keyword());
                    };
                }
                default:
                    throw new IllegalStateException(m.kind().toString());
            }
        }

        String target(SpfRecord.Mechanism m, String domain) {
            return m.domainSpec() == null ? domain : Macros.expand(m.domainSpec(), this, domain);
        }

        boolean addressMatches(String name, SpfRecord.Mechanism m) {
            boolean v4 = client instanceof Inet4Address;
            DnsAnswer answer = lookup(name, v4 ? DnsType.A : DnsType.AAAA);
            for (String address : answer.records()) {
                if (SpfRecord.Network.of(address, v4 ? m.cidr4() : m.cidr6()).contains(client)) {
                    return true;
                }
            }
            return false;
        }

        /** §5.5: names of the client's address that resolve back to it and lie in the domain. */
        boolean ptrMatches(String domain) {
            for (String name : validatedNames()) {
                String lower = name.toLowerCase(Locale.ROOT);
                String target = domain.toLowerCase(Locale.ROOT);
                if (lower.equals(target) || lower.endsWith("." + target)) {
                    return true;
                }
            }
            return false;
        }

        List<String> validatedNames() {
            DnsAnswer ptr = dns.lookup(reverseName(client), DnsType.PTR);
            if (ptr.status() == DnsAnswer.Status.TEMPORARY_ERROR) {
                return List.of(); // §5.5: a PTR error is no match, not temperror
            }
            List<String> validated = new ArrayList<>();
            int checked = 0;
            for (String name : ptr.records()) {
                if (++checked > MAX_NAMES) {
                    break; // §4.6.4: the rest are ignored
                }
                DnsAnswer forward = dns.lookup(name, client instanceof Inet4Address ? DnsType.A : DnsType.AAAA);
                for (String address : forward.records()) {
                    if (SpfRecord.Network.of(address, -1).contains(client)) {
                        validated.add(name);
                        break;
                    }
                }
            }
            return validated;
        }

        DnsAnswer lookup(String name, DnsType type) {
            DnsAnswer answer = dns.lookup(name, type);
            if (answer.status() == DnsAnswer.Status.TEMPORARY_ERROR) {
                throw new SpfException(Result.TEMPERROR, type + " lookup of " + name + " failed: " + answer.detail());
            }
            if (answer.isVoid() && ++voidLookups > MAX_VOID_LOOKUPS) {
                throw new SpfException(Result.PERMERROR, "more than " + MAX_VOID_LOOKUPS + " void lookups");
            }
            return answer;
        }

        void countDnsMechanism() {
            if (++dnsMechanisms > MAX_DNS_MECHANISMS) {
                throw new SpfException(Result.PERMERROR, "more than " + MAX_DNS_MECHANISMS + " DNS-querying mechanisms");
            }
        }

        /** For the %{p} macro: a validated name of the client, preferring the domain's own. */
        String validatedName(String domain) {
            List<String> names = validatedNames();
            for (String name : names) {
                if (name.equalsIgnoreCase(domain) || name.toLowerCase(Locale.ROOT).endsWith("." + domain.toLowerCase(Locale.ROOT))) {
                    return name;
                }
            }
            return names.isEmpty() ? "unknown" : names.get(0);
        }
    }

    /** A valid domain for check_host: at least two labels, none empty or longer than 63 octets. */
    static boolean validDomain(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty() || d.length() > 253 || !d.contains(".")) {
            return false;
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    static String reverseName(InetAddress address) {
        byte[] raw = address.getAddress();
        StringBuilder name = new StringBuilder();
        if (raw.length == 4) {
            for (int i = 3; i >= 0; i--) {
                name.append(raw[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            name.append(Character.forDigit(raw[i] & 0xf, 16)).append('.').append(Character.forDigit((raw[i] >> 4) & 0xf, 16)).append('.');
        }
        return name.append("ip6.arpa").toString();
    }
}
