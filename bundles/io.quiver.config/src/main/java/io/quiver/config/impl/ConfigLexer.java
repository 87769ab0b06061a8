package io.quiver.config.impl;

import io.quiver.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code scst.conf} text into tokens: words (bare or double-quoted, with {@code \"} and {@code \\}
 * escapes inside quotes), braces and line ends. A {@code #} starts a comment only at the start of a word,
 * so initiator names such as {@code iqn.x#10.0.0.1} survive. Bad input becomes a {@link ConfigProblem};
 * lexing always finishes. Not thread-safe; one instance per text.
 */
final class ConfigLexer {

    enum Kind { WORD, OPEN, CLOSE, NEWLINE, END }

    record Token(Kind kind, String text, int line) {
    }

    private final String text;
    private final String file;
    private final List<ConfigProblem> problems;
    private int pos;
    private int line = 1;

    ConfigLexer(String file, String text, List<ConfigProblem> problems) {
        this.file = file;
        this.text = text;
        this.problems = problems;
    }

    /** All tokens, ending with {@link Kind#END}. */
    List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = next();
            out.add(t);
        } while (t.kind() != Kind.END);
        return out;
    }

    private Token next() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                return new Token(Kind.NEWLINE, "\n", line++);
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '{') {
                pos++;
                return new Token(Kind.OPEN, "{", line);
            } else if (c == '}') {
                pos++;
                return new Token(Kind.CLOSE, "}", line);
            } else if (c == '"') {
                return quoted();
            } else {
                return bare();
            }
        }
        return new Token(Kind.END, "", line);
    }

    private Token bare() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '{' || c == '}' || c == '"') {
                break;
            }
            pos++;
        }
        return new Token(Kind.WORD, text.substring(start, pos), line);
    }

    private Token quoted() {
        int startLine = line;
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return new Token(Kind.WORD, b.toString(), startLine);
            } else if (c == '\\' && pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '\\')) {
                b.append(text.charAt(pos++));
            } else if (c == '\n') {
                // An unterminated quote ends at its line, so the rest of the file still parses.
                pos--;
                break;
            } else {
                b.append(c);
            }
        }
        problems.add(new ConfigProblem(file, startLine, null, null, "unterminated quoted string"));
        return new Token(Kind.WORD, b.toString(), startLine);
    }
}
