package io.quiver.config.impl;

import io.quiver.config.ConfigProblem;
import io.quiver.config.impl.ConfigLexer.Kind;
import io.quiver.config.impl.ConfigLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser of the {@code scst.conf} statement grammar:
 * <pre>
 * file      = statement*
 * statement = WORD WORD* [ "{" statement* "}" ] (NEWLINE | END | before "}")
 * </pre>
 * so both {@code DEVICE disk0 { filename /x }} on one line and the multi-line form parse. What the keywords
 * mean is {@link ScstMapping}'s business. Every input yields statements plus problems, never an exception.
 * Stateless apart from one parse; not thread-safe.
 */
public final class ConfigParser {

    /** Nesting deeper than SCST's (four levels) by a margin; guards the stack against hostile input. */
    static final int MAX_DEPTH = 16;

    /** The statements of a file and what was wrong with its syntax. */
    public record Result(List<ConfigBlock> blocks, List<ConfigProblem> problems) {
    }

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private List<Token> tokens;
    private int pos;

    private ConfigParser(String file) {
        this.file = file;
    }

    /** Parses {@code text}; {@code file} names it in problems. */
    public static Result parse(String file, String text) {
        ConfigParser p = new ConfigParser(file);
        p.tokens = new ConfigLexer(file, text == null ? "" : text, p.problems).tokens();
        List<ConfigBlock> blocks = p.statements(0);
        p.problems.sort(java.util.Comparator.comparingInt(problem -> problem.line));
        return new Result(blocks, List.copyOf(p.problems));
    }

    private List<ConfigBlock> statements(int depth) {
        List<ConfigBlock> out = new ArrayList<>();
        while (true) {
            Token t = tokens.get(pos);
            switch (t.kind()) {
                case END:
                    if (depth > 0) {
                        problems.add(new ConfigProblem(file, t.line(), null, null, "missing '}' at end of file"));
                    }
                    return out;
                case NEWLINE:
                    pos++;
                    break;
                case CLOSE:
                    if (depth > 0) {
                        return out;
                    }
                    problems.add(new ConfigProblem(file, t.line(), null, null, "unexpected '}'"));
                    pos++;
                    break;
                case OPEN:
                    problems.add(new ConfigProblem(file, t.line(), null, null, "'{' without a keyword before it"));
                    pos++;
                    skipBlock(t.line());
                    break;
                default:
                    out.add(statement(depth));
            }
        }
    }

    private ConfigBlock statement(int depth) {
        Token keyword = tokens.get(pos++);
        List<String> values = new ArrayList<>();
        while (tokens.get(pos).kind() == Kind.WORD) {
            values.add(tokens.get(pos++).text());
        }
        List<ConfigBlock> children = null;
        if (tokens.get(pos).kind() == Kind.OPEN) {
            pos++;
            if (depth + 1 >= MAX_DEPTH) {
                problems.add(new ConfigProblem(file, keyword.line(), keyword.text(), null,
                        "nested deeper than " + MAX_DEPTH + " levels"));
                skipBlock(keyword.line());
                children = List.of();
            } else {
                children = statements(depth + 1);
                if (tokens.get(pos).kind() == Kind.CLOSE) {
                    pos++;
                }
            }
        }
        return new ConfigBlock(keyword.text(), values, keyword.line(), children);
    }

    /** Skips to the brace closing one already consumed, counting nesting without recursion. */
    private void skipBlock(int line) {
        int open = 1;
        while (open > 0) {
            Kind k = tokens.get(pos).kind();
            if (k == Kind.END) {
                problems.add(new ConfigProblem(file, line, null, null, "missing '}' at end of file"));
                return;
            }
            pos++;
            open += k == Kind.OPEN ? 1 : k == Kind.CLOSE ? -1 : 0;
        }
    }
}
