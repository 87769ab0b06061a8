package io.quiver.mgmt.rest.impl;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds which attribute a refusal concerns. The tree's {@link io.quiver.api.mgmt.ManagementException}
 * carries only a message, which names the attribute; the request says which attributes it touched.
 * Stateless.
 */
final class Attributes {

    private Attributes() {
    }

    /**
     * The attribute a refusal is about.
     *
     * @param message the refusal's message
     * @param touched the single attribute name of the request, or the map of attributes (or parameters)
     *        it sent, or {@code null}
     * @return the single attribute; else the longest of the map's names that the message mentions as a
     *         word; else {@code null}
     */
    static String named(String message, Object touched) {
        if (touched instanceof String s) {
            return s;
        }
        if (!(touched instanceof Map<?, ?> m) || message == null) {
            return null;
        }
        String best = null;
        for (Object k : m.keySet()) {
            String name = String.valueOf(k);
            boolean mentioned = Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(?![\\w])").matcher(message).find();
            if (mentioned && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return best;
    }
}
