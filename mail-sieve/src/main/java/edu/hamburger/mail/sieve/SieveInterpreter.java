package edu.hamburger.mail.sieve;

import edu.hamburger.mail.sieve.SieveAction.FileInto;
import edu.hamburger.mail.sieve.SieveAction.Keep;
import edu.hamburger.mail.sieve.SieveAction.Redirect;
import edu.hamburger.mail.sieve.SieveAction.Reject;
import edu.hamburger.mail.sieve.SieveAction.Vacation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a compiled script for one message and one recipient (RFC 5228 §2.10). Invariants:
 * the implicit keep stands unless discard, reject, or a fileinto or redirect without :copy
 * cancels it; the same mailbox or address is acted on once; a run takes at most the limits'
 * actions and redirects; any runtime error ends the run with a keep in INBOX and the reason.
 */
public final class SieveInterpreter {

    private final SieveScript script;
    private final SieveMessage message;
    private final SieveEnvironment environment;
    private final SieveLimits limits;
    private final Variables variables;
    private final StringMatch match = new StringMatch();

    private final List<SieveAction> actions = new ArrayList<>();
    /** imap4flags' internal variable (RFC 5232 §3): flags the keeps and fileintos without :flags take. */
    private final Set<String> internalFlags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private boolean implicitKeep = true;
    private int redirects;

    private SieveInterpreter(SieveScript script, SieveMessage message, SieveEnvironment environment) {
        this.script = script;
        this.message = message;
        this.environment = environment;
        this.limits = script.limits();
        this.variables = new Variables(limits.maxVariableLength(), limits.maxVariables());
    }

    public static SieveOutcome run(SieveScript script, SieveMessage message, SieveEnvironment environment) {
        return new SieveInterpreter(script, message, environment).run();
    }

    private SieveOutcome run() {
        try {
            try {
                execute(script.commands());
            } catch (Stop stop) {
                // stop: the actions so far stand
            }
            if (implicitKeep) {
                keep(Set.copyOf(internalFlags));
            }
        } catch (SieveRuntimeException e) {
            return SieveOutcome.failed(e.getMessage());
        }
        return new SieveOutcome(List.copyOf(actions), Optional.empty());
    }

    /** Thrown by stop: unwinds every block. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private void execute(List<Node> commands) throws SieveRuntimeException {
        boolean previousTaken = false;
        for (Node command : commands) {
            switch (command.name()) {
                case "require" -> {
                }
                case "if" -> {
                    previousTaken = test(command.tests().get(0));
                    if (previousTaken) {
                        execute(command.block());
                    }
                }
                case "elsif" -> {
                    if (!previousTaken) {
                        previousTaken = test(command.tests().get(0));
                        if (previousTaken) {
                            execute(command.block());
                        }
                    }
                }
                case "else" -> {
                    if (!previousTaken) {
                        execute(command.block());
                    }
                    previousTaken = true;
                }
                default -> action(command);
            }
        }
    }

    private void action(Node command) throws SieveRuntimeException {
        switch (command.name()) {
            case "stop" -> throw new Stop();
            case "keep" -> keep(flagsOf(command));
            case "discard" -> implicitKeep = false;
            case "fileinto" -> fileInto(command);
            case "redirect" -> redirect(command);
            case "reject", "ereject" -> reject(command);
            case "setflag", "addflag", "removeflag" -> changeFlags(command);
            case "set" -> set(command);
            case "vacation" -> vacation(command);
            default -> throw new SieveRuntimeException("line " + command.line() + ": '" + command.name() + "' cannot run here");
        }
    }

    private Set<String> flagsOf(Node command) {
        if (command.has("flags")) {
            return flagSet(expand(command.tag("flags").strings()));
        }
        return Set.copyOf(internalFlags);
    }

    private void keep(Set<String> flags) throws SieveRuntimeException {
        actions.removeIf(a -> a instanceof Keep);
        add(new Keep(flags));
        implicitKeep = false;
    }

    private void fileInto(Node command) throws SieveRuntimeException {
        String mailbox = expand(command.positional(0).firstString());
        if (mailbox.isEmpty()) {
            throw new SieveRuntimeException("line " + command.line() + ": fileinto a mailbox with no name");
        }
        if (mailbox.equalsIgnoreCase("INBOX")) {
            keep(flagsOf(command)); // fileinto "INBOX" is a keep, :copy or not: INBOX gets one copy
            return;
        }
        actions.removeIf(a -> a instanceof FileInto f && f.mailbox().equals(mailbox));
        add(new FileInto(mailbox, flagsOf(command), command.has("create")));
        if (!command.has("copy")) {
            implicitKeep = false;
        }
    }

    private void redirect(Node command) throws SieveRuntimeException {
        String address = expand(command.positional(0).firstString());
        if (!SieveAddresses.plausible(address)) {
            throw new SieveRuntimeException("line " + command.line() + ": redirect to '" + address + "', which is not an address");
        }
        boolean again = actions.stream().anyMatch(a -> a instanceof Redirect r && r.address().equalsIgnoreCase(address));
        if (!again) {
            if (++redirects > limits.maxRedirects()) {
                throw new SieveRuntimeException("more than " + limits.maxRedirects() + " redirects");
            }
            add(new Redirect(address));
        }
        if (!command.has("copy")) {
            implicitKeep = false;
        }
    }

    private void reject(Node command) throws SieveRuntimeException {
        if (actions.stream().anyMatch(a -> a instanceof Reject || a instanceof Vacation)) {
            throw new SieveRuntimeException("line " + command.line() + ": reject after another reject or a vacation (RFC 5429 §2.1)");
        }
        add(new Reject(expand(command.positional(0).firstString()), command.name().equals("ereject")));
        implicitKeep = false;
    }

    private void changeFlags(Node command) throws SieveRuntimeException {
        List<String> flagArguments = expand(command.positional(command.positional().size() - 1).strings());
        Set<String> target;
        String variable = command.positional().size() == 2 ? expand(command.positional(0).firstString()) : null;
        if (variable != null) {
            target = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            target.addAll(flagSet(List.of(variables.get(variable))));
        } else {
            target = internalFlags;
        }
        Set<String> given = flagSet(flagArguments);
        switch (command.name()) {
            case "setflag" -> {
                target.clear();
                target.addAll(given);
            }
            case "addflag" -> target.addAll(given);
            default -> target.removeAll(given);
        }
        if (variable != null) {
            variables.set(variable, String.join(" ", target));
        }
    }

    private void set(Node command) throws SieveRuntimeException {
        String value = expand(command.positional(1).firstString());
        if (command.has("lower")) {
            value = value.toLowerCase(Locale.ROOT);
        }
        if (command.has("upper")) {
            value = value.toUpperCase(Locale.ROOT);
        }
        if (command.has("lowerfirst") && !value.isEmpty()) {
            value = value.substring(0, 1).toLowerCase(Locale.ROOT) + value.substring(1);
        }
        if (command.has("upperfirst") && !value.isEmpty()) {
            value = value.substring(0, 1).toUpperCase(Locale.ROOT) + value.substring(1);
        }
        if (command.has("quotewildcard")) {
            value = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
        }
        if (command.has("length")) {
            value = Integer.toString(value.codePointCount(0, value.length()));
        }
        variables.set(command.positional(0).firstString(), value);
    }

    private void vacation(Node command) throws SieveRuntimeException {
        if (actions.stream().anyMatch(a -> a instanceof Vacation || a instanceof Reject)) {
            throw new SieveRuntimeException("line " + command.line() + ": a second vacation, or vacation with reject");
        }
        String reason = expand(command.positional(0).firstString());
        String subject = command.has("subject") ? expand(command.tag("subject").firstString()) : null;
        String from = command.has("from") ? expand(command.tag("from").firstString()) : null;
        List<String> addresses = command.has("addresses") ? expand(command.tag("addresses").strings()) : List.of();
        int days = command.has("days") ? (int) Math.min(90, Math.max(1, command.tag("days").number())) : 7;
        String handle = command.has("handle") ? expand(command.tag("handle").firstString())
                : Integer.toHexString((reason + '\0' + subject + '\0' + from + '\0' + addresses + '\0' + command.has("mime")).hashCode());
        Vacation vacation = new Vacation(reason, subject, from, addresses, days, handle, command.has("mime"));
        if (VacationPolicy.answers(message, vacation, environment.subaddressSeparator())
                && !environment.seenBefore("vacation:" + handle, Comparator.lower(message.envelopeFrom()), days * 86_400L, false)) {
            add(vacation);
        }
    }

    private void add(SieveAction action) throws SieveRuntimeException {
        if (actions.size() >= limits.maxActions()) {
            throw new SieveRuntimeException("more than " + limits.maxActions() + " actions");
        }
        actions.add(action);
    }

    // ---- tests ----

    private boolean test(Node test) throws SieveRuntimeException {
        switch (test.name()) {
            case "true":
                return true;
            case "false":
                return false;
            case "not":
                return !test(test.tests().get(0));
            case "allof":
                for (Node inner : test.tests()) {
                    if (!test(inner)) {
                        return false;
                    }
                }
                return true;
            case "anyof":
                for (Node inner : test.tests()) {
                    if (test(inner)) {
                        return true;
                    }
                }
                return false;
            case "exists":
                for (String name : expand(test.positional(0).strings())) {
                    if (message.header(name).isEmpty()) {
                        return false;
                    }
                }
                return true;
            case "size": {
                long limit = test.positional(0).number();
                return test.has("over") ? message.size() > limit : message.size() < limit;
            }
            case "header":
                return matches(test, headerValues(expand(test.positional(0).strings())), test.positional(1));
            case "address":
                return matches(test, addressParts(test, headerAddresses(expand(test.positional(0).strings()))), test.positional(1));
            case "envelope":
                return matches(test, addressParts(test, envelopeAddresses(test.positional(0).strings())), test.positional(1));
            case "body":
                return matches(test, body(test), test.positional(0));
            case "string": {
                List<String> sources = expand(test.positional(0).strings());
                if (test.matchType().equals("count")) {
                    sources = sources.stream().filter(s -> !s.isEmpty()).toList();
                }
                return matches(test, sources, test.positional(1));
            }
            case "hasflag":
                return matches(test, List.copyOf(hasflagSource(test)), test.positional(test.positional().size() - 1));
            case "mailboxexists":
                for (String mailbox : expand(test.positional(0).strings())) {
                    if (!environment.mailboxExists(mailbox)) {
                        return false;
                    }
                }
                return true;
            case "date":
            case "currentdate":
                return matches(test, SieveDates.parts(test, message, environment), test.positional(test.positional().size() - 1));
            case "duplicate":
                return duplicate(test);
            default:
                throw new SieveRuntimeException("line " + test.line() + ": unknown test '" + test.name() + "'");
        }
    }

    private boolean matches(Node test, List<String> values, Argument keys) {
        boolean matched = match.test(test, values, expand(keys.strings()));
        if (matched && test.matchType().equals("matches") && script.uses("variables")) {
            variables.matched(match.captures());
        }
        return matched;
    }

    private List<String> headerValues(List<String> names) {
        List<String> values = new ArrayList<>();
        for (String name : names) {
            values.addAll(message.header(name));
        }
        return values;
    }

    private List<String> headerAddresses(List<String> names) {
        List<String> addresses = new ArrayList<>();
        for (String name : names) {
            addresses.addAll(message.addresses(name));
        }
        return addresses;
    }

    private List<String> envelopeAddresses(List<String> parts) {
        List<String> addresses = new ArrayList<>();
        for (String part : parts) {
            addresses.add(Comparator.lower(part).equals("from") ? message.envelopeFrom() : message.envelopeTo());
        }
        return addresses;
    }

    private List<String> addressParts(Node test, List<String> addresses) {
        String part = test.addressPart();
        List<String> values = new ArrayList<>();
        for (String address : addresses) {
            // the null reverse-path is "" whatever part is asked (RFC 5228 §5.4)
            String value = address.isEmpty() ? "" : SieveAddresses.part(address, part, environment.subaddressSeparator());
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** What the body test matches: one value, or with :content each part of a named type on its own (RFC 5173 §5.2). */
    private List<String> body(Node test) {
        if (test.has("raw")) {
            return List.of(message.rawBody());
        }
        if (test.has("content")) {
            List<String> wanted = expand(test.tag("content").strings()).stream().map(Comparator::lower).toList();
            List<String> contents = new ArrayList<>();
            for (SieveMessage.Content part : message.parts()) {
                if (wanted.stream().anyMatch(type -> contentTypeMatches(type, part.mimeType()))) {
                    contents.add(part.content());
                }
            }
            return contents;
        }
        return List.of(message.bodyText());
    }

    /**
     * RFC 5173 §5.2: "" names every type, "text" any text subtype, "text/html" exactly that; a
     * name that begins or ends with "/" or holds two of them names nothing.
     */
    static boolean contentTypeMatches(String wanted, String mimeType) {
        if (wanted.isEmpty()) {
            return true;
        }
        int slash = wanted.indexOf('/');
        if (slash < 0) {
            return mimeType.startsWith(wanted + "/");
        }
        if (slash == 0 || wanted.endsWith("/") || wanted.indexOf('/', slash + 1) >= 0) {
            return false;
        }
        return mimeType.equals(wanted);
    }

    private Set<String> hasflagSource(Node test) {
        if (test.positional().size() == 2) {
            Set<String> flags = new LinkedHashSet<>();
            for (String variable : expand(test.positional(0).strings())) {
                flags.addAll(flagSet(List.of(variables.get(variable))));
            }
            return flags;
        }
        return internalFlags;
    }

    private boolean duplicate(Node test) {
        String id;
        if (test.has("uniqueid")) {
            id = expand(test.tag("uniqueid").firstString());
        } else {
            List<String> values = message.header(test.has("header") ? expand(test.tag("header").firstString()) : "Message-ID");
            if (values.isEmpty()) {
                return false;
            }
            id = values.get(0).trim();
        }
        String handle = test.has("handle") ? expand(test.tag("handle").firstString()) : "";
        long seconds = test.has("seconds") ? Math.min(test.tag("seconds").number(), 30L * 86_400) : 7L * 86_400;
        return environment.seenBefore("duplicate:" + handle, id, seconds, test.has("last"));
    }

    /** Flags as RFC 5232 §3 reads a list: each string may hold several, separated by spaces. */
    private static Set<String> flagSet(List<String> strings) {
        Set<String> flags = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String value : strings) {
            for (String flag : value.trim().split("\\s+")) {
                if (!flag.isEmpty()) {
                    flags.add(flag);
                }
            }
        }
        return flags;
    }

    private String expand(String value) {
        return script.uses("variables") ? variables.expand(value) : value;
    }

    private List<String> expand(List<String> values) {
        if (!script.uses("variables")) {
            return values;
        }
        List<String> expanded = new ArrayList<>(values.size());
        for (String value : values) {
            expanded.add(variables.expand(value));
        }
        return expanded;
    }
}
