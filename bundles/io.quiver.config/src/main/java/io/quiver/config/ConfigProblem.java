package io.quiver.config;

/**
 * One problem of a config file or of an apply step: where it is (file, line), which object and attribute
 * it concerns, and why. A plain public-field DTO; not thread-safe.
 */
public class ConfigProblem {
    /** The file name given to the service. */
    public String file;
    /** 1-based line, or 0 when the problem has no line (a failed runtime step of an object deletion). */
    public int line;
    /** The object, as a management-tree path or SCST name; null when the problem is syntactic only. */
    public String object;
    /** The attribute concerned, or null. */
    public String attribute;
    /** Why, in words. */
    public String message;

    public ConfigProblem() {
    }

    public ConfigProblem(String file, int line, String object, String attribute, String message) {
        this.file = file;
        this.line = line;
        this.object = object;
        this.attribute = attribute;
        this.message = message;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(file).append(':').append(line).append(": ");
        if (object != null) {
            b.append(object);
            if (attribute != null) {
                b.append(" attribute ").append(attribute);
            }
            b.append(": ");
        }
        return b.append(message).toString();
    }
}
