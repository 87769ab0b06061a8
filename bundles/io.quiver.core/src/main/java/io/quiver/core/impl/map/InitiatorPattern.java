package io.quiver.core.impl.map;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The initiator name patterns of one initiator group, as SCST's {@code ini_groups} take them: {@code *}
 * matches any run of characters, {@code ?} one character, and a pattern with a leading {@code !}
 * excludes the names it matches. A name belongs to the group when at least one inclusive pattern
 * matches it and no exclusive pattern does. Matching ignores case (iSCSI names are case-insensitive).
 *
 * <p>Immutable; safe on any thread.
 */
public final class InitiatorPattern {

    private final List<Pattern> includes = new ArrayList<>();
    private final List<Pattern> excludes = new ArrayList<>();

    public InitiatorPattern(String... patterns) {
        for (String p : patterns) {
            String t = p == null ? "" : p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("!")) {
                excludes.add(compile(t.substring(1).trim()));
            } else {
                includes.add(compile(t));
            }
        }
    }

    /** Whether {@code initiatorName} belongs to the group. */
    public boolean matches(String initiatorName) {
        boolean in = false;
        for (Pattern p : includes) {
            if (p.matcher(initiatorName).matches()) {
                in = true;
                break;
            }
        }
        if (!in) {
            return false;
        }
        for (Pattern p : excludes) {
            if (p.matcher(initiatorName).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }
}
