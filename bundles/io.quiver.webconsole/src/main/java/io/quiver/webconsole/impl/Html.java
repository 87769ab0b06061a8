package io.quiver.webconsole.impl;

/**
 * HTML and attribute escaping for the page renderers: every value that comes from the management tree
 * (names, attribute values, descriptions, error messages) goes through {@link #esc}. Stateless.
 */
final class Html {

    private Html() {
    }

    /** Escapes text for an element body or a double-quoted attribute value. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A DOM id made of a path: letters, digits and dashes only, so CSS selectors and tests can name it. */
    static String id(String prefix, String path) {
        return prefix + path.replaceAll("[^A-Za-z0-9]+", "-");
    }
}
