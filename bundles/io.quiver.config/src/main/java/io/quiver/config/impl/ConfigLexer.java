package io.quiver.config.impl;

import io.quiver.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code scst.conf} text into tokens: words (bare or double-quoted), braces and line ends, by
 * scstadmin's rules ({@code readConfigFile}/{@code parseLine}): an unescaped {@code #} starts a comment
 * wherever it stands, also inside quotes; a backslash makes the next character literal ({@code \#} is a
 * {@code #} in a value, as in the per-portal ACL pattern {@code *\#*}; {@code \\} is a backslash); any
 * blank (CR of CRLF files included) separates words. scstadmin would cut {@code iqn.x#y} at the {@code #}
 * silently; here a {@code #} glued to a word is a problem naming the line, so no name is cut short unseen.
 * Bad input becomes a {@link ConfigProblem}; lexing always finishes. Not thread-safe; one instance per text.
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
                skipComment();
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
        StringBuilder b = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '{' || c == '}' || c == '"') {
                break;
            } else if (c == '#') {
                problems.add(new ConfigProblem(file, line, null, null, "'#' after '" + b + "' starts a comment "
                        + "(scstadmin cuts the line there): write \\# for a literal '#'"));
                break;
            }
            pos++;
            b.append(escaped(c));
        }
        return new Token(Kind.WORD, b.toString(), line);
    }

    /** The character itself, or after a backslash the next one taken literally (not a line end). */
    private char escaped(char c) {
        if (c == '\\' && pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            return text.charAt(pos++);
        }
        return c;
    }

    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private Token quoted() {
        int startLine = line;
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return new Token(Kind.WORD, b.toString(), startLine);
            } else if (c == '\n' || c == '#' || c == '{' || c == '}') {
                // scstadmin strips comments and splits braces before it looks at quotes; an unterminated quote
                // ends at its line, so the rest of the file still parses.
                pos--;
                break;
            } else {
                b.append(escaped(c));
            }
        }
        problems.add(new ConfigProblem(file, startLine, null, null, "unterminated quoted string"));
        return new Token(Kind.WORD, b.toString(), startLine);
    }
}
