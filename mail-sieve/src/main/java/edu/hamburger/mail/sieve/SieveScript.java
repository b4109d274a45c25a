package edu.hamburger.mail.sieve;

import edu.hamburger.mail.sieve.Signature.Kind;
import edu.hamburger.mail.sieve.Signature.TagSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled script: every command and test known, every argument of the right kind, every
 * extension it uses required first. Compiling is the whole of ManageSieve's CHECKSCRIPT; a
 * compiled script is immutable and may be run for any number of messages.
 */
public final class SieveScript {

    private static final Set<String> DATE_PARTS = Set.of("year", "month", "day", "date", "julian", "hour", "minute", "second",
            "time", "iso8601", "std11", "zone", "weekday");
    private static final Pattern ENCODED = Pattern.compile("\\$\\{(hex|unicode):([^}]*)}", Pattern.CASE_INSENSITIVE);

    private final List<Node> commands;
    private final Set<String> extensions;
    private final SieveLimits limits;

    private SieveScript(List<Node> commands, Set<String> extensions, SieveLimits limits) {
        this.commands = commands;
        this.extensions = extensions;
        this.limits = limits;
    }

    /** The extensions a script may require here, in the order ManageSieve announces them. */
    public static List<String> supportedExtensions() {
        return Signatures.EXTENSIONS;
    }

    public static SieveScript compile(String source, SieveLimits limits) throws SieveScriptException {
        if (source.getBytes(StandardCharsets.UTF_8).length > limits.maxScriptBytes()) {
            throw new SieveScriptException(0, "the script is larger than " + limits.maxScriptBytes() + " bytes");
        }
        Compilation compilation = new Compilation();
        List<Node> commands = compilation.block(SieveParser.parse(source, limits.maxNesting()), true);
        return new SieveScript(commands, Set.copyOf(compilation.required), limits);
    }

    public Set<String> extensions() {
        return extensions;
    }

    List<Node> commands() {
        return commands;
    }

    SieveLimits limits() {
        return limits;
    }

    boolean uses(String extension) {
        return extensions.contains(extension);
    }

    /** One compilation's state: the extensions required so far. */
    private static final class Compilation {

        private final Set<String> required = new LinkedHashSet<>();

        List<Node> block(List<ParsedNode> parsed, boolean topLevel) throws SieveScriptException {
            List<Node> nodes = new ArrayList<>();
            boolean requiresAllowed = topLevel;
            String previous = null;
            for (ParsedNode command : parsed) {
                if (command.name().equals("require")) {
                    if (!requiresAllowed) {
                        throw new SieveScriptException(command.line(), "'require' must come before every other command");
                    }
                } else {
                    requiresAllowed = false;
                }
                if ((command.name().equals("elsif") || command.name().equals("else"))
                        && !("if".equals(previous) || "elsif".equals(previous))) {
                    throw new SieveScriptException(command.line(), "'" + command.name() + "' without an 'if' before it");
                }
                Node node = command(command);
                if (node.name().equals("require")) {
                    for (String extension : node.positional(0).strings()) {
                        if (!Signatures.EXTENSIONS.contains(Comparator.lower(extension))) {
                            throw new SieveScriptException(command.line(), "extension '" + extension + "' is not supported");
                        }
                        required.add(Comparator.lower(extension));
                    }
                }
                nodes.add(node);
                previous = command.name();
            }
            return List.copyOf(nodes);
        }

        private Node command(ParsedNode parsed) throws SieveScriptException {
            Signature signature = Signatures.command(parsed.name());
            if (signature == null) {
                throw new SieveScriptException(parsed.line(), Signatures.isTest(parsed.name())
                        ? "'" + parsed.name() + "' is a test, not a command (an 'if' missing?)"
                        : "unknown command '" + parsed.name() + "'");
            }
            if (signature.block() != (parsed.block() != null)) {
                throw new SieveScriptException(parsed.line(), signature.block()
                        ? "'" + parsed.name() + "' needs a block in { }"
                        : "'" + parsed.name() + "' takes no block (a missing ';'?)");
            }
            Node node = node(parsed, signature);
            List<Node> block = parsed.block() == null ? List.of() : block(parsed.block(), false);
            return new Node(node.name(), node.line(), node.tags(), node.positional(), node.tests(), block);
        }

        private Node test(ParsedNode parsed) throws SieveScriptException {
            Signature signature = Signatures.test(parsed.name());
            if (signature == null) {
                throw new SieveScriptException(parsed.line(), Signatures.command(parsed.name()) != null
                        ? "'" + parsed.name() + "' is a command, not a test"
                        : "unknown test '" + parsed.name() + "'");
            }
            return node(parsed, signature);
        }

        private Node node(ParsedNode parsed, Signature signature) throws SieveScriptException {
            String name = parsed.name();
            int line = parsed.line();
            requireExtension(signature.extension(), "'" + name + "'", line);
            Map<String, Argument> tags = new LinkedHashMap<>();
            Map<String, String> groups = new HashMap<>();
            List<Argument> arguments = parsed.arguments();
            int i = 0;
            while (i < arguments.size() && arguments.get(i).kind() == Argument.Kind.TAG) {
                Argument tag = arguments.get(i++);
                TagSpec spec = signature.tags().get(tag.tag());
                if (spec == null) {
                    throw new SieveScriptException(tag.line(), "'" + name + "' has no tag ':" + tag.tag() + "'");
                }
                requireExtension(spec.extension() != null ? spec.extension() : null, "':" + tag.tag() + "'", tag.line());
                if (tags.containsKey(tag.tag())) {
                    throw new SieveScriptException(tag.line(), "':" + tag.tag() + "' given twice");
                }
                if (spec.group() != null && groups.containsKey(spec.group())) {
                    throw new SieveScriptException(tag.line(), "':" + tag.tag() + "' and ':" + groups.get(spec.group())
                            + "' cannot be given together");
                }
                Argument value = tag;
                if (spec.value() != null) {
                    if (i >= arguments.size() || !fits(arguments.get(i), spec.value())) {
                        throw new SieveScriptException(tag.line(), "':" + tag.tag() + "' must be followed by " + describe(spec.value()));
                    }
                    value = decoded(arguments.get(i++));
                }
                tags.put(tag.tag(), value);
                if (spec.group() != null) {
                    groups.put(spec.group(), tag.tag());
                }
            }
            List<Argument> positional = new ArrayList<>();
            for (; i < arguments.size(); i++) {
                Argument argument = arguments.get(i);
                if (argument.kind() == Argument.Kind.TAG) {
                    throw new SieveScriptException(argument.line(), "tag ':" + argument.tag() + "' after the positional arguments of '"
                            + name + "'");
                }
                positional.add(decoded(argument));
            }
            List<Kind> kinds = signature.positional();
            if (positional.size() < signature.requiredPositional() || positional.size() > kinds.size()) {
                throw new SieveScriptException(line, "'" + name + "' takes " + count(signature) + " but was given " + positional.size());
            }
            // optional arguments lead (setflag [variable] flags): the given ones are the last in the signature
            List<Kind> expected = kinds.subList(kinds.size() - positional.size(), kinds.size());
            for (int p = 0; p < positional.size(); p++) {
                if (!fits(positional.get(p), expected.get(p))) {
                    throw new SieveScriptException(positional.get(p).line(), "'" + name + "' expects " + describe(expected.get(p))
                            + " but was given " + positional.get(p).describe());
                }
            }
            if (signature.maxTests() == 0 && !parsed.tests().isEmpty() && Signatures.command(name) != null) {
                ParsedNode stray = parsed.tests().get(0); // "fileinto "x" <newline> keep;" parses as a test of fileinto
                throw new SieveScriptException(stray.line(), "expected ';' after '" + name + "' but found '" + stray.name()
                        + "' (a missing ';'?)");
            }
            if (parsed.tests().size() < signature.minTests() || parsed.tests().size() > signature.maxTests()) {
                throw new SieveScriptException(line, signature.maxTests() == 0
                        ? "'" + name + "' takes no test"
                        : "'" + name + "' needs " + (signature.maxTests() == 1 ? "one test" : "a list of tests"));
            }
            List<Node> tests = new ArrayList<>();
            for (ParsedNode test : parsed.tests()) {
                tests.add(test(test));
            }
            Node node = new Node(name, line, Map.copyOf(tags), List.copyOf(positional), List.copyOf(tests), List.of());
            check(node);
            return node;
        }

        /** What the table cannot say: values that must be one of a set, tags that belong together. */
        private void check(Node node) throws SieveScriptException {
            String comparator = node.comparator();
            if (!Comparator.known(comparator)) {
                throw new SieveScriptException(node.line(), "unknown comparator '" + comparator + "'");
            }
            if (comparator.equals(Comparator.ASCII_NUMERIC)) {
                requireExtension("comparator-i;ascii-numeric", "comparator 'i;ascii-numeric'", node.line());
                if (!Comparator.substrings(comparator) && (node.has("contains") || node.has("matches"))) {
                    throw new SieveScriptException(node.line(), "'i;ascii-numeric' cannot be used with :" + node.matchType());
                }
            }
            for (String relational : List.of("value", "count")) {
                if (node.has(relational) && !StringMatch.validRelation(node.tag(relational).firstString())) {
                    throw new SieveScriptException(node.line(), "':" + relational + "' takes one of gt, ge, lt, le, eq, ne");
                }
            }
            switch (node.name()) {
                case "size" -> {
                    if (!node.has("over") && !node.has("under")) {
                        throw new SieveScriptException(node.line(), "'size' needs :over or :under");
                    }
                }
                case "envelope" -> {
                    for (String part : node.positional(0).strings()) {
                        if (!List.of("from", "to").contains(Comparator.lower(part))) {
                            throw new SieveScriptException(node.line(), "envelope part '" + part + "' is not 'from' or 'to'");
                        }
                    }
                }
                case "date", "currentdate" -> {
                    String part = node.positional(node.name().equals("date") ? 1 : 0).firstString();
                    if (!DATE_PARTS.contains(Comparator.lower(part))) {
                        throw new SieveScriptException(node.line(), "unknown date part '" + part + "'");
                    }
                    if (node.has("zone") && !node.tag("zone").firstString().matches("[+-]\\d{4}")) {
                        throw new SieveScriptException(node.line(), ":zone takes an offset like +0900");
                    }
                }
                case "set" -> {
                    if (!Variables.validName(node.positional(0).firstString())) {
                        throw new SieveScriptException(node.line(), "'" + node.positional(0).firstString() + "' is not a variable name");
                    }
                }
                case "fileinto" -> {
                    if (node.positional(0).firstString().isEmpty()) {
                        throw new SieveScriptException(node.line(), "'fileinto' needs a mailbox name");
                    }
                }
                case "redirect" -> {
                    String address = node.positional(0).firstString();
                    if (!address.contains("${") && !SieveAddresses.plausible(address)) {
                        throw new SieveScriptException(node.line(), "'" + address + "' is not a mail address to redirect to");
                    }
                }
                case "vacation" -> {
                    if (node.has("days") && node.tag("days").number() < 1) {
                        throw new SieveScriptException(node.line(), ":days is at least 1");
                    }
                }
                default -> {
                }
            }
        }

        private void requireExtension(String extension, String what, int line) throws SieveScriptException {
            if (extension != null && !required.contains(extension)) {
                throw new SieveScriptException(line, what + " needs require \"" + extension + "\"");
            }
        }

        /** RFC 5228 §2.4.2.4: ${hex:...} and ${unicode:...} in strings, decoded once here when required. */
        private Argument decoded(Argument argument) throws SieveScriptException {
            if (argument.kind() != Argument.Kind.STRINGS || !required.contains("encoded-character")) {
                return argument;
            }
            List<String> strings = new ArrayList<>();
            for (String value : argument.strings()) {
                strings.add(decodeCharacters(value, argument.line()));
            }
            return Argument.strings(strings, argument.singleString(), argument.line());
        }

        private static String decodeCharacters(String value, int line) throws SieveScriptException {
            Matcher matcher = ENCODED.matcher(value);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String decoded = decodeSequence(matcher.group(1), matcher.group(2), line);
                matcher.appendReplacement(out, Matcher.quoteReplacement(decoded == null ? matcher.group() : decoded));
            }
            matcher.appendTail(out);
            return out.toString();
        }

        private static String decodeSequence(String kind, String body, int line) throws SieveScriptException {
            String[] units = body.trim().split("[ \\t\\r\\n]+");
            if (body.isBlank()) {
                return "";
            }
            boolean hex = kind.equalsIgnoreCase("hex");
            byte[] bytes = new byte[units.length];
            StringBuilder text = new StringBuilder();
            for (int u = 0; u < units.length; u++) {
                if (!units[u].matches("[0-9A-Fa-f]{1,8}")) {
                    return null; // not an encoded sequence: left as written
                }
                int code = Integer.parseUnsignedInt(units[u], 16);
                if (hex) {
                    if (code > 0xff) {
                        return null;
                    }
                    bytes[u] = (byte) code;
                } else {
                    if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
                        throw new SieveScriptException(line, "${unicode:" + units[u] + "} is not a character");
                    }
                    text.appendCodePoint(code);
                }
            }
            return hex ? new String(bytes, StandardCharsets.UTF_8) : text.toString();
        }

        private static boolean fits(Argument argument, Kind kind) {
            return switch (kind) {
                case NUMBER -> argument.kind() == Argument.Kind.NUMBER;
                case STRING -> argument.kind() == Argument.Kind.STRINGS && argument.singleString();
                case STRING_LIST -> argument.kind() == Argument.Kind.STRINGS;
            };
        }

        private static String describe(Kind kind) {
            return switch (kind) {
                case NUMBER -> "a number";
                case STRING -> "a string";
                case STRING_LIST -> "a string list";
            };
        }

        private static String count(Signature signature) {
            int max = signature.positional().size(), min = signature.requiredPositional();
            String noun = max == 1 ? " argument" : " arguments";
            return min == max ? max + noun : min + " to " + max + noun;
        }
    }
}
