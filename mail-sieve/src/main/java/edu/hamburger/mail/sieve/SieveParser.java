package edu.hamburger.mail.sieve;

import java.util.ArrayList;
import java.util.List;

/**
 * The grammar of RFC 5228 §8.2, on the lexer's tokens: commands with arguments, an optional test
 * or test list, and ';' or a block. Knows no command by name (the compiler does); bounds nesting
 * so a hostile script cannot exhaust the stack.
 */
final class SieveParser {

    private final List<Token> tokens;
    private final int maxNesting;
    private int position;

    private SieveParser(List<Token> tokens, int maxNesting) {
        this.tokens = tokens;
        this.maxNesting = maxNesting;
    }

    static List<ParsedNode> parse(String source, int maxNesting) throws SieveScriptException {
        SieveParser parser = new SieveParser(SieveLexer.tokens(source), maxNesting);
        List<ParsedNode> commands = parser.commands(0);
        Token last = parser.peek();
        if (!last.is(Token.Kind.END)) {
            throw new SieveScriptException(last.line(), "unexpected " + last.describe() + " (a '}' without its '{'?)");
        }
        return commands;
    }

    private List<ParsedNode> commands(int depth) throws SieveScriptException {
        List<ParsedNode> commands = new ArrayList<>();
        while (peek().is(Token.Kind.IDENTIFIER)) {
            commands.add(command(depth));
        }
        return commands;
    }

    private ParsedNode command(int depth) throws SieveScriptException {
        Token name = take();
        List<Argument> arguments = arguments();
        List<ParsedNode> tests = testsAfterArguments(0); // tests nest on their own count, blocks on theirs
        Token end = take();
        if (end.is(Token.Kind.SEMICOLON)) {
            return new ParsedNode(name.text(), arguments, tests, null, name.line());
        }
        if (end.is(Token.Kind.LEFT_BRACE)) {
            if (depth + 1 > maxNesting) {
                throw new SieveScriptException(end.line(), "blocks nest deeper than " + maxNesting);
            }
            List<ParsedNode> block = commands(depth + 1);
            Token close = take();
            if (!close.is(Token.Kind.RIGHT_BRACE)) {
                throw new SieveScriptException(close.line(), "expected '}' or a command but found " + close.describe());
            }
            return new ParsedNode(name.text(), arguments, tests, block, name.line());
        }
        throw new SieveScriptException(end.line(), "expected ';' or '{' after " + name.describe() + " but found " + end.describe()
                + (end.is(Token.Kind.IDENTIFIER) ? " (a missing ';'?)" : ""));
    }

    private List<Argument> arguments() throws SieveScriptException {
        List<Argument> arguments = new ArrayList<>();
        while (true) {
            Token token = peek();
            switch (token.kind()) {
                case TAG -> arguments.add(Argument.tag(take().text(), token.line()));
                case NUMBER -> arguments.add(Argument.number(take().number(), token.line()));
                case STRING -> arguments.add(Argument.strings(List.of(take().text()), true, token.line()));
                case LEFT_BRACKET -> arguments.add(stringList());
                default -> {
                    return arguments;
                }
            }
        }
    }

    private Argument stringList() throws SieveScriptException {
        Token open = take();
        List<String> values = new ArrayList<>();
        while (true) {
            Token value = take();
            if (!value.is(Token.Kind.STRING)) {
                throw new SieveScriptException(value.line(), "a string list holds strings, not " + value.describe());
            }
            values.add(value.text());
            Token next = take();
            if (next.is(Token.Kind.RIGHT_BRACKET)) {
                return Argument.strings(values, false, open.line());
            }
            if (!next.is(Token.Kind.COMMA)) {
                throw new SieveScriptException(next.line(), "expected ',' or ']' in a string list but found " + next.describe());
            }
        }
    }

    private List<ParsedNode> testsAfterArguments(int depth) throws SieveScriptException {
        Token token = peek();
        if (token.is(Token.Kind.IDENTIFIER)) {
            return List.of(test(depth + 1));
        }
        if (token.is(Token.Kind.LEFT_PAREN)) {
            return testList(depth + 1);
        }
        return List.of();
    }

    private List<ParsedNode> testList(int depth) throws SieveScriptException {
        take();
        List<ParsedNode> tests = new ArrayList<>();
        while (true) {
            tests.add(test(depth));
            Token next = take();
            if (next.is(Token.Kind.RIGHT_PAREN)) {
                return tests;
            }
            if (!next.is(Token.Kind.COMMA)) {
                throw new SieveScriptException(next.line(), "expected ',' or ')' in a test list but found " + next.describe());
            }
        }
    }

    private ParsedNode test(int depth) throws SieveScriptException {
        if (depth > maxNesting) {
            throw new SieveScriptException(peek().line(), "tests nest deeper than " + maxNesting);
        }
        Token name = take();
        if (!name.is(Token.Kind.IDENTIFIER)) {
            throw new SieveScriptException(name.line(), "expected a test but found " + name.describe());
        }
        List<Argument> arguments = arguments();
        List<ParsedNode> tests = testsAfterArguments(depth);
        return new ParsedNode(name.text(), arguments, tests, null, name.line());
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token take() {
        Token token = tokens.get(position);
        if (!token.is(Token.Kind.END)) {
            position++;
        }
        return token;
    }
}
