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

    sealed interface Item permits Simple, Section {
    }

    /** FLAGS, UID, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODYSTRUCTURE, BODY, MODSEQ. */
    record Simple(String name) implements Item {
    }

    /**
     * BODY[...], BODY.PEEK[...], RFC822, RFC822.HEADER, RFC822.TEXT.
     *
     * @param responseName what the response calls it (BODY[1.MIME], RFC822.TEXT, ...)
     * @param path         the part number ("" for the message itself)
     * @param part         body, header, text or mime (the API's names)
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
                && !s.name().equals("FLAGS") && !s.name().equals("UID") && !s.name().equals("MODSEQ"));
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
            case "FLAGS", "UID", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE", "BODY", "MODSEQ" -> simple(text);
            case "RFC822" -> List.of(new Section("RFC822", "", "body", null, false, false, -1, -1));
            case "RFC822.HEADER" -> List.of(new Section("RFC822.HEADER", "", "header", null, false, true, -1, -1));
            case "RFC822.TEXT" -> List.of(new Section("RFC822.TEXT", "", "text", null, false, false, -1, -1));
            default -> List.of(section(text));
        };
    }

    private static List<Item> simple(String... names) {
        List<Item> items = new ArrayList<>();
        for (String name : names) {
            items.add(new Simple(name));
        }
        return items;
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
        String partial = rest.substring(close + 1);
        long offset = -1;
        long length = -1;
        String partialEcho = "";
        if (!partial.isEmpty()) {
            if (!partial.startsWith("<") || !partial.endsWith(">")) {
                throw new ImapSyntaxException("bad partial in " + text);
            }
            String[] numbers = partial.substring(1, partial.length() - 1).split("\\.");
            try {
                offset = Long.parseLong(numbers[0]);
                length = numbers.length > 1 ? Long.parseLong(numbers[1]) : -1;
            } catch (NumberFormatException e) {
                throw new ImapSyntaxException("bad partial in " + text);
            }
            if (numbers.length != 2 || length <= 0 || offset < 0) {
                throw new ImapSyntaxException("bad partial in " + text);
            }
            partialEcho = "<" + offset + ">";
        }
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
