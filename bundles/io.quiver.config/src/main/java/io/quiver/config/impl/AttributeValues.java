package io.quiver.config.impl;

import io.quiver.api.mgmt.AttributeDTO;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns attribute values between SCST's spelling and the management tree's string forms, so that a file
 * and the running system compare equal when they mean the same: SCST's {@code 0}/{@code 1} booleans are
 * {@code false}/{@code true}, numbers lose leading zeros, repeated lines of a multi-valued attribute are one
 * comma-separated list, and SCST's ALUA state names ({@code active}, {@code nonoptimized}) are SPC-4's.
 * Stateless.
 */
final class AttributeValues {

    /** SCST's names of asymmetric access states, to the names Quiver's target groups use. */
    private static final Map<String, String> ALUA_STATES = Map.of(
            "active", "active/optimized", "optimized", "active/optimized",
            "nonoptimized", "active/nonoptimized", "non-optimized", "active/nonoptimized");

    private AttributeValues() {
    }

    /**
     * The tree's string form of a file's values for one attribute.
     *
     * @throws IllegalArgumentException naming what is wrong, when the values do not fit the type
     */
    static String fromFile(AttributeDTO schema, List<String> values) {
        boolean multiple = schema.type.endsWith("[]");
        String type = multiple ? schema.type.substring(0, schema.type.length() - 2) : schema.type;
        if (!multiple && values.size() > 1) {
            throw new IllegalArgumentException("given " + values.size() + " times, but it takes one value");
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (multiple) {
                for (String part : v.split(",")) {
                    if (!part.trim().isEmpty()) {
                        out.add(scalar(type, part.trim()));
                    }
                }
            } else {
                out.add(scalar(type, v));
            }
        }
        String joined = String.join(",", out);
        // Only a state that speaks SPC-4's names (an ALUA group's) takes SCST's; a device's runtime state does not.
        boolean alua = schema.name.equals("state") && schema.defaultValue != null && ALUA_STATES.containsValue(schema.defaultValue);
        return alua ? ALUA_STATES.getOrDefault(joined, joined) : joined;
    }

    /**
     * An attribute's name as scst.conf spells it: a Metatype method {@code group_id()} names its property
     * {@code group.id} (OSGi's rule for a single underscore), which SCST writes {@code group_id}.
     */
    static String scstName(String treeName) {
        return treeName.replace('.', '_');
    }

    /** The running value in the same form as {@link #fromFile}; a null value (no default) is "". */
    static String running(AttributeDTO a) {
        return a.value == null ? "" : a.value;
    }

    /** The value as a file writes it: booleans as SCST's 1 and 0, ALUA states by SCST's names, lists split. */
    static List<String> toFile(AttributeDTO a) {
        String v = running(a);
        if (a.type.endsWith("[]")) {
            return v.isEmpty() ? List.of() : List.of(v.split(","));
        }
        if (a.type.equals(AttributeDTO.BOOLEAN)) {
            return List.of(Boolean.parseBoolean(v) ? "1" : "0");
        }
        if (a.name.equals("state")) {
            for (Map.Entry<String, String> e : ALUA_STATES.entrySet()) {
                if (e.getValue().equals(v) && !e.getKey().equals("optimized") && !e.getKey().equals("non-optimized")) {
                    return List.of(e.getKey());
                }
            }
        }
        return List.of(v);
    }

    /**
     * A number as SCST's sysfs reads it (the kernel's base-0 parsing): decimal, {@code 0x} hexadecimal, or
     * octal with a leading zero ({@code 010} is 8); an optional sign.
     *
     * @throws NumberFormatException when it is none of these
     */
    static long number(String text) {
        String v = text.trim();
        boolean negative = v.startsWith("-");
        String digits = negative || v.startsWith("+") ? v.substring(1) : v;
        long n;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            n = Long.parseUnsignedLong(digits.substring(2), 16);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            n = Long.parseLong(digits.substring(1), 8);
        } else {
            n = Long.parseLong(digits);
        }
        if (digits.isEmpty() || !Character.isLetterOrDigit(digits.charAt(digits.length() - 1)) || digits.charAt(0) == '+' || digits.charAt(0) == '-') {
            throw new NumberFormatException(text);
        }
        return negative ? -n : n;
    }

    private static String scalar(String type, String v) {
        switch (type) {
            case AttributeDTO.BOOLEAN:
                switch (v.toLowerCase(java.util.Locale.ROOT)) {
                    case "1", "true", "yes", "on":
                        return "true";
                    case "0", "false", "no", "off":
                        return "false";
                    default:
                        throw new IllegalArgumentException("not a boolean (0 or 1): " + v);
                }
            case AttributeDTO.INTEGER:
            case AttributeDTO.LONG:
                try {
                    long n = number(v);
                    if (type.equals(AttributeDTO.INTEGER) && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
                        throw new IllegalArgumentException("out of range for an Integer: " + v);
                    }
                    return Long.toString(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number: " + v, e);
                }
            default:
                return v;
        }
    }
}
