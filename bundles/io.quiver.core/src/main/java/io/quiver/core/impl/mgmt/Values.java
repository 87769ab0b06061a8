package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.ManagementException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversion between configuration values and the string forms of the management tree: arrays are
 * comma-separated, numbers and booleans are parsed strictly. Stateless.
 */
final class Values {

    private Values() {
    }

    /** The string form of a configuration value ({@code null} stays {@code null}). */
    static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", parts);
        }
        if (value instanceof Iterable) {
            List<String> parts = new ArrayList<>();
            ((Iterable<?>) value).forEach(v -> parts.add(String.valueOf(v)));
            return String.join(",", parts);
        }
        return String.valueOf(value);
    }

    /** Parses the string form into the type a definition declares. */
    static Object parse(AttributeCatalog.Definition d, String text) {
        if (d.multiple()) {
            String[] parts = text.isEmpty() ? new String[0] : text.split("\\s*,\\s*");
            try {
                switch (d.type()) {
                    case "String", "Password":
                        return parts;
                    case "Integer":
                        // A number list (an ALUA group's relative target port ids) as ConfigAdmin stores int[].
                        return java.util.Arrays.stream(parts).mapToInt(p -> Integer.parseInt(p.trim())).toArray();
                    case "Long":
                        return java.util.Arrays.stream(parts).mapToLong(p -> Long.parseLong(p.trim())).toArray();
                    default:
                        throw new ManagementException(d.id() + ": lists of " + d.type() + " are not supported");
                }
            } catch (NumberFormatException e) {
                throw new ManagementException(d.id() + ": not a list of " + d.type() + ": " + text, e);
            }
        }
        try {
            switch (d.type()) {
                case "Integer":
                    return Integer.valueOf(text.trim());
                case "Long":
                    return Long.valueOf(text.trim());
                case "Boolean":
                    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        throw new ManagementException(d.id() + ": not a boolean: " + text);
                    }
                    return Boolean.valueOf(text);
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            throw new ManagementException(d.id() + ": not a " + d.type() + ": " + text, e);
        }
    }
}
