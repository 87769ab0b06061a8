package io.quiver.api.mgmt;

/**
 * The rules the name of an object must meet for the management tree to create it (the last segment of the
 * object's path); the tree refuses the others, through its path rules, its LUN range or its configuration
 * store (a name too long to persist). In one place, so that views that prepare changes offline (the
 * {@code scst.conf} tool) refuse what the tree would refuse instead of finding out halfway through a change.
 * Stateless; safe on any thread.
 */
public final class ObjectNames {

    /**
     * Longest name, in characters: the longest iSCSI name (RFC 7143, 4.2.7.1), and short enough that the
     * object's configuration can be persisted under its name (a 240-character device name was refused there).
     */
    public static final int MAX_LENGTH = 223;

    /** Highest LUN number flat space addressing carries (SAM-5, 4.7.7): a LUN object's name is 0 to this. */
    public static final int MAX_LUN = 16383;

    private ObjectNames() {
    }

    /**
     * Why the tree refuses {@code name} as a path segment: empty, longer than {@link #MAX_LENGTH}, containing
     * {@code /}, or a relative segment ({@code .} or {@code ..}).
     *
     * @return the reason in words, or {@code null} if the name is acceptable
     */
    public static String refusal(String name) {
        if (name == null || name.isEmpty()) {
            return "an empty name";
        }
        if (name.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters: " + name.substring(0, 16) + "...";
        }
        if (name.indexOf('/') >= 0) {
            return "a name cannot contain /: " + name;
        }
        return segmentRefusal(name);
    }

    /**
     * Why the tree refuses {@code segment} of a path it is asked to look up: a relative segment ({@code .}
     * or {@code ..}). Any other segment is looked up; one the tree would not create is simply not found.
     *
     * @return the reason in words, or {@code null} if the segment is acceptable
     */
    public static String segmentRefusal(String segment) {
        if (segment.equals(".") || segment.equals("..")) {
            return "no relative segments in paths: " + segment;
        }
        return null;
    }

    /**
     * Why the tree refuses {@code name} as the name of a LUN object: not a decimal number of at most five
     * digits from 0 to {@link #MAX_LUN}.
     *
     * @return the reason in words, or {@code null} if the name is acceptable
     */
    public static String lunRefusal(String name) {
        if (name == null || !name.matches("\\d{1,5}") || Integer.parseInt(name) > MAX_LUN) {
            return "not a LUN number (0.." + MAX_LUN + "): " + name;
        }
        return null;
    }
}
