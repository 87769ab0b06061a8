package io.quiver.webconsole.impl;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Finds the form field a {@link io.quiver.api.mgmt.ManagementException} is about, so the page can show
 * the message next to it. The management tree's messages name the attribute they refuse
 * ({@code "size: not a Long: 12x"}, {@code "no writable attribute colour in ..."}); the longest field
 * name that occurs in the message as a whole word wins. Stateless.
 */
final class FieldErrors {

    /** The pseudo-field of a create form that holds the new object's name. */
    static final String NAME = "name";

    private FieldErrors() {
    }

    /**
     * @param message the exception's message
     * @param fields the attribute fields of the form that was submitted
     * @param newName the name a create form submitted, or {@code null} for other forms
     * @return the field to mark, or {@code null} when the message concerns the form as a whole
     */
    static String field(String message, Collection<String> fields, String newName) {
        if (message == null) {
            return null;
        }
        String best = null;
        for (String f : fields) {
            if (occurs(message, f) && (best == null || f.length() > best.length())) {
                best = f;
            }
        }
        if (best == null && newName != null && !newName.isEmpty() && occurs(message, newName)) {
            return NAME;
        }
        return best;
    }

    private static boolean occurs(String message, String word) {
        return Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(word) + "(?![A-Za-z0-9_])").matcher(message).find();
    }
}
