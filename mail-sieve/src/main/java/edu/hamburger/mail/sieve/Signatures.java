package edu.hamburger.mail.sieve;

import edu.hamburger.mail.sieve.Signature.Kind;
import edu.hamburger.mail.sieve.Signature.TagSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of every command and test this implementation knows, and the extensions it supports. */
final class Signatures {

    /** What a script may require; ManageSieve's SIEVE capability lists these. */
    static final List<String> EXTENSIONS = List.of(
            "fileinto", "reject", "ereject", "envelope", "encoded-character", "imap4flags", "copy", "variables", "body",
            "relational", "subaddress", "vacation", "mailbox", "date", "duplicate",
            "comparator-i;ascii-numeric", "comparator-i;octet", "comparator-i;ascii-casemap");

    private static final Map<String, Signature> COMMANDS = new HashMap<>();
    private static final Map<String, Signature> TESTS = new HashMap<>();

    private static final TagSpec[] MATCH = {
        new TagSpec("is", null, null, "match"), new TagSpec("contains", null, null, "match"),
        new TagSpec("matches", null, null, "match"),
        new TagSpec("value", Kind.STRING, "relational", "match"), new TagSpec("count", Kind.STRING, "relational", "match"),
        new TagSpec("comparator", Kind.STRING, null, "comparator")};
    private static final TagSpec[] ADDRESS_PART = {
        new TagSpec("all", null, null, "address-part"), new TagSpec("localpart", null, null, "address-part"),
        new TagSpec("domain", null, null, "address-part"),
        new TagSpec("user", null, "subaddress", "address-part"), new TagSpec("detail", null, "subaddress", "address-part")};

    static {
        command("require", null, tags(), List.of(Kind.STRING_LIST), 1);
        COMMANDS.put("if", new Signature("if", null, Map.of(), List.of(), 0, 1, 1, true));
        COMMANDS.put("elsif", new Signature("elsif", null, Map.of(), List.of(), 0, 1, 1, true));
        COMMANDS.put("else", new Signature("else", null, Map.of(), List.of(), 0, 0, 0, true));
        command("stop", null, tags(), List.of(), 0);
        command("keep", null, tags(new TagSpec("flags", Kind.STRING_LIST, "imap4flags", null)), List.of(), 0);
        command("discard", null, tags(), List.of(), 0);
        command("fileinto", "fileinto", tags(new TagSpec("copy", null, "copy", null),
                new TagSpec("flags", Kind.STRING_LIST, "imap4flags", null), new TagSpec("create", null, "mailbox", null)),
                List.of(Kind.STRING), 1);
        command("redirect", null, tags(new TagSpec("copy", null, "copy", null)), List.of(Kind.STRING), 1);
        command("reject", "reject", tags(), List.of(Kind.STRING), 1);
        command("ereject", "ereject", tags(), List.of(Kind.STRING), 1);
        for (String flagCommand : List.of("setflag", "addflag", "removeflag")) {
            command(flagCommand, "imap4flags", tags(), List.of(Kind.STRING, Kind.STRING_LIST), 1);
        }
        command("set", "variables", tags(modifier("lower"), modifier("upper"), modifier("lowerfirst"), modifier("upperfirst"),
                modifier("quotewildcard"), modifier("length")), List.of(Kind.STRING, Kind.STRING), 2);
        command("vacation", "vacation", tags(new TagSpec("days", Kind.NUMBER, null, null),
                new TagSpec("subject", Kind.STRING, null, null), new TagSpec("from", Kind.STRING, null, null),
                new TagSpec("addresses", Kind.STRING_LIST, null, null), new TagSpec("mime", null, null, null),
                new TagSpec("handle", Kind.STRING, null, null)), List.of(Kind.STRING), 1);

        test("address", null, tags(join(MATCH, ADDRESS_PART)), List.of(Kind.STRING_LIST, Kind.STRING_LIST), 2);
        test("envelope", "envelope", tags(join(MATCH, ADDRESS_PART)), List.of(Kind.STRING_LIST, Kind.STRING_LIST), 2);
        test("header", null, tags(MATCH), List.of(Kind.STRING_LIST, Kind.STRING_LIST), 2);
        test("exists", null, tags(), List.of(Kind.STRING_LIST), 1);
        test("size", null, tags(new TagSpec("over", null, null, "size"), new TagSpec("under", null, null, "size")),
                List.of(Kind.NUMBER), 1);
        TESTS.put("allof", new Signature("allof", null, Map.of(), List.of(), 0, 1, Integer.MAX_VALUE, false));
        TESTS.put("anyof", new Signature("anyof", null, Map.of(), List.of(), 0, 1, Integer.MAX_VALUE, false));
        TESTS.put("not", new Signature("not", null, Map.of(), List.of(), 0, 1, 1, false));
        test("true", null, tags(), List.of(), 0);
        test("false", null, tags(), List.of(), 0);
        test("body", "body", tags(join(MATCH, new TagSpec[] {new TagSpec("raw", null, null, "transform"),
                new TagSpec("content", Kind.STRING_LIST, null, "transform"), new TagSpec("text", null, null, "transform")})),
                List.of(Kind.STRING_LIST), 1);
        test("hasflag", "imap4flags", tags(MATCH), List.of(Kind.STRING_LIST, Kind.STRING_LIST), 1);
        test("string", "variables", tags(MATCH), List.of(Kind.STRING_LIST, Kind.STRING_LIST), 2);
        test("mailboxexists", "mailbox", tags(), List.of(Kind.STRING_LIST), 1);
        test("date", "date", tags(join(MATCH, new TagSpec[] {new TagSpec("zone", Kind.STRING, null, "zone"),
                new TagSpec("originalzone", null, null, "zone")})), List.of(Kind.STRING, Kind.STRING, Kind.STRING_LIST), 3);
        test("currentdate", "date", tags(join(MATCH, new TagSpec[] {new TagSpec("zone", Kind.STRING, null, "zone")})),
                List.of(Kind.STRING, Kind.STRING_LIST), 2);
        test("duplicate", "duplicate", tags(new TagSpec("handle", Kind.STRING, null, null),
                new TagSpec("header", Kind.STRING, null, "id"), new TagSpec("uniqueid", Kind.STRING, null, "id"),
                new TagSpec("seconds", Kind.NUMBER, null, null), new TagSpec("last", null, null, null)), List.of(), 0);
    }

    private Signatures() {
    }

    static Signature command(String name) {
        return COMMANDS.get(name);
    }

    static Signature test(String name) {
        return TESTS.get(name);
    }

    static boolean isTest(String name) {
        return TESTS.containsKey(name);
    }

    private static void command(String name, String extension, Map<String, TagSpec> tags, List<Kind> positional, int required) {
        COMMANDS.put(name, new Signature(name, extension, tags, positional, required, 0, 0, false));
    }

    private static void test(String name, String extension, Map<String, TagSpec> tags, List<Kind> positional, int required) {
        TESTS.put(name, new Signature(name, extension, tags, positional, required, 0, 0, false));
    }

    private static TagSpec modifier(String name) {
        return new TagSpec(name, null, null, null);
    }

    private static Map<String, TagSpec> tags(TagSpec... specs) {
        Map<String, TagSpec> tags = new LinkedHashMap<>();
        for (TagSpec spec : specs) {
            tags.put(spec.name(), spec);
        }
        return Map.copyOf(tags);
    }

    private static TagSpec[] join(TagSpec[] first, TagSpec[] second) {
        TagSpec[] joined = new TagSpec[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
