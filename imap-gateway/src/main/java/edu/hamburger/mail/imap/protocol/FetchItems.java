package edu.hamburger.mail.imap.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The items of one FETCH (RFC 3501 §6.4.5, RFC 7162 MODSEQ and CHANGEDSINCE), parsed once; the
 * macros ALL, FAST and FULL expanded. Body sections keep the text the client wrote, because the
 * response must echo it.
 */
record FetchItems(List<Item> items, Long changedSince, boolean vanished) {

    sealed interface Item permits Simple, Section, BinarySize {
    }

    /** BINARY.SIZE[part] (RFC 3516): the size of the part once its transfer encoding is undone. */
    record BinarySize(String responseName, String path) implements Item {
    }

    /** FLAGS, UID, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODYSTRUCTURE, BODY, MODSEQ, EMAILID, THREADID. */
    record Simple(String name) implements Item {
    }

    /**
     * BODY[...], BODY.PEEK[...], RFC822, RFC822.HEADER, RFC822.TEXT, and BINARY[...] and
     * BINARY.PEEK[...] (RFC 3516).
     *
     * @param responseName what the response calls it (BODY[1.MIME], RFC822.TEXT, BINARY[2], ...)
     * @param path         the part number ("" for the message itself)
     * @param part         body, header, text, mime or binary (the API's names)
     * @param fields       HEADER.FIELDS names, or null
     * @param notFields    true for HEADER.FIELDS.NOT
     * @param peek         does not set \Seen
     * @param offset       partial origin, or -1
     * @param length       partial length
     */
    record Section(String responseName, String path, String part, Set<String> fields, boolean notFields, boolean peek,
            long offset, long length) implements Item {
    }

    boolean needsStructure() {
        return items.stream().anyMatch(i -> i instanceof Simple s && (s.name().equals("BODYSTRUCTURE") || s.name().equals("BODY")));
    }

    boolean needsEnvelope() {
        return items.stream().anyMatch(i -> i instanceof Simple s && s.name().equals("ENVELOPE"));
    }

    boolean needsSummary() {
        return items.stream().anyMatch(i -> i instanceof Simple s
                && !s.name().equals("FLAGS") && !s.name().equals("UID") && !s.name().equals("MODSEQ") && !s.name().equals("THREADID"));
    }

    /** Items answered from the message's content, in the order the response writes them. */
    List<Item> contentItems() {
        return items.stream().filter(i -> !(i instanceof Simple)).toList();
    }

    boolean setsSeen() {
        return items.stream().anyMatch(i -> i instanceof Section s && !s.peek());
    }

    boolean has(String name) {
        return items.stream().anyMatch(i -> i instanceof Simple s && s.name().equals(name));
    }

    static FetchItems parse(ImapArguments args) {
        List<Item> items = new ArrayList<>();
        if (args.consume('(')) {
            items.addAll(item(args.fetchItem()));
            while (args.optionalSpace()) {
                items.addAll(item(args.fetchItem()));
            }
            args.expect(')');
        } else {
            items.addAll(item(args.fetchItem()));
        }
        Long changedSince = null;
        boolean vanished = false;
        if (args.optionalSpace()) {
            args.expect('(');
            while (!args.consume(')')) {
                args.optionalSpace();
                String modifier = args.atom().toUpperCase(Locale.ROOT);
                if (modifier.equals("CHANGEDSINCE")) {
                    args.space();
                    changedSince = args.number();
                } else if (modifier.equals("VANISHED")) {
                    vanished = true;
                } else {
                    throw new ImapSyntaxException("unknown FETCH modifier " + modifier);
                }
            }
        }
        args.end();
        return new FetchItems(List.copyOf(new LinkedHashSet<>(items)), changedSince, vanished);
    }

    private static List<Item> item(String text) {
        return switch (text) {
            case "ALL" -> simple("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE");
            case "FAST" -> simple("FLAGS", "INTERNALDATE", "RFC822.SIZE");
            case "FULL" -> simple("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY");
            case "FLAGS", "UID", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE", "BODY", "MODSEQ", "EMAILID",
                    "THREADID" -> simple(text);
            case "RFC822" -> List.of(new Section("RFC822", "", "body", null, false, false, -1, -1));
            case "RFC822.HEADER" -> List.of(new Section("RFC822.HEADER", "", "header", null, false, true, -1, -1));
            case "RFC822.TEXT" -> List.of(new Section("RFC822.TEXT", "", "text", null, false, false, -1, -1));
            default -> List.of(text.startsWith("BINARY") ? binary(text) : section(text));
        };
    }

    private static List<Item> simple(String... names) {
        List<Item> items = new ArrayList<>();
        for (String name : names) {
            items.add(new Simple(name));
        }
        return items;
    }

    /** BINARY[part]<partial>, BINARY.PEEK[part]<partial> and BINARY.SIZE[part] (RFC 3516): a part number only. */
    private static Item binary(String text) {
        boolean size = text.startsWith("BINARY.SIZE[");
        boolean peek = text.startsWith("BINARY.PEEK[");
        String prefix = size ? "BINARY.SIZE[" : peek ? "BINARY.PEEK[" : "BINARY[";
        if (!text.startsWith(prefix)) {
            throw new ImapSyntaxException("unknown FETCH item " + text);
        }
        int close = text.indexOf(']');
        String path = text.substring(prefix.length(), close);
        if (!path.isEmpty() && !path.matches("[1-9][0-9]{0,8}(\\.[1-9][0-9]{0,8}){0,49}")) {
            throw new ImapSyntaxException("BINARY takes a part number, such as 1.2");
        }
        String partial = text.substring(close + 1);
        if (size) {
            if (!partial.isEmpty()) {
                throw new ImapSyntaxException("BINARY.SIZE takes no partial");
            }
            return new BinarySize("BINARY.SIZE[" + path + "]", path);
        }
        long[] range = partial(partial, text);
        return new Section("BINARY[" + path + "]" + (range == null ? "" : "<" + range[0] + ">"), path, "binary", null, false, peek,
                range == null ? -1 : range[0], range == null ? -1 : range[1]);
    }

    /** A partial {@code <offset.length>}: {offset, length}, or null when there is none. */
    private static long[] partial(String partial, String text) {
        if (partial.isEmpty()) {
            return null;
        }
        if (!partial.startsWith("<") || !partial.endsWith(">")) {
            throw new ImapSyntaxException("bad partial in " + text);
        }
        String[] numbers = partial.substring(1, partial.length() - 1).split("\\.");
        long offset;
        long length;
        try {
            offset = Long.parseLong(numbers[0]);
            length = numbers.length > 1 ? Long.parseLong(numbers[1]) : -1;
        } catch (NumberFormatException e) {
            throw new ImapSyntaxException("bad partial in " + text);
        }
        if (numbers.length != 2 || length <= 0 || offset < 0) {
            throw new ImapSyntaxException("bad partial in " + text);
        }
        return new long[] {offset, length};
    }

    /** BODY[section]<partial> and BODY.PEEK[section]<partial>. */
    private static Section section(String text) {
        boolean peek;
        String rest;
        if (text.startsWith("BODY.PEEK[")) {
            peek = true;
            rest = text.substring("BODY.PEEK[".length());
        } else if (text.startsWith("BODY[")) {
            peek = false;
            rest = text.substring("BODY[".length());
        } else {
            throw new ImapSyntaxException("unknown FETCH item " + text);
        }
        int close = rest.lastIndexOf(']');
        if (close < 0) {
            throw new ImapSyntaxException("unclosed section in " + text);
        }
        String spec = rest.substring(0, close);
        long[] range = partial(rest.substring(close + 1), text);
        long offset = range == null ? -1 : range[0];
        long length = range == null ? -1 : range[1];
        String partialEcho = range == null ? "" : "<" + offset + ">";
        // split "1.2.HEADER.FIELDS (A B)" into the part path and the section text
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
            int start = i;
            while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            if (Long.parseLong(spec.substring(start, i)) == 0) {
                throw new ImapSyntaxException("part numbers start at 1");
            }
            path.append(path.length() > 0 ? "." : "").append(spec, start, i);
            if (i < spec.length() && spec.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        String kind = spec.substring(i);
        String part;
        Set<String> fields = null;
        boolean not = false;
        if (kind.isEmpty()) {
            part = "body";
        } else if (kind.equals("HEADER")) {
            part = "header";
        } else if (kind.equals("TEXT")) {
            part = "text";
        } else if (kind.equals("MIME")) {
            if (path.length() == 0) {
                throw new ImapSyntaxException("MIME needs a part number");
            }
            part = "mime";
        } else if (kind.startsWith("HEADER.FIELDS")) {
            not = kind.startsWith("HEADER.FIELDS.NOT");
            String list = kind.substring(not ? "HEADER.FIELDS.NOT".length() : "HEADER.FIELDS".length()).trim();
            if (!list.startsWith("(") || !list.endsWith(")")) {
                throw new ImapSyntaxException("HEADER.FIELDS needs a list of field names");
            }
            fields = new LinkedHashSet<>();
            for (String name : list.substring(1, list.length() - 1).trim().split("\\s+")) {
                if (!name.isEmpty()) {
                    fields.add(name.replace("\"", "").toUpperCase(Locale.ROOT));
                }
            }
            if (fields.isEmpty()) {
                throw new ImapSyntaxException("HEADER.FIELDS needs at least one field name");
            }
            part = "header";
        } else {
            throw new ImapSyntaxException("unknown section " + kind);
        }
        String responseName = "BODY[" + spec + "]" + partialEcho;
        return new Section(responseName, path.toString(), part, fields, not, peek, offset, length);
    }
}
