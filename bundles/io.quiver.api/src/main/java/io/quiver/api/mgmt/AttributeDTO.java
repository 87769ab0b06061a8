package io.quiver.api.mgmt;

/**
 * One attribute of a node, described as Metatype describes it (SCST's sysfs attribute with its help
 * text and {@code [key]} mark). A snapshot.
 */
public class AttributeDTO {

    /** Attribute types, after Metatype's. */
    public static final String STRING = "String";
    public static final String INTEGER = "Integer";
    public static final String LONG = "Long";
    public static final String BOOLEAN = "Boolean";

    /** The attribute id (Metatype attribute id, or a runtime name such as {@code commands}). */
    public String name;

    /** The current value in string form (arrays comma-separated); {@code null} for a secret. */
    public String value;

    /** The default value in string form, or {@code null} if there is none. */
    public String defaultValue;

    /** One of the type constants; a {@code []} suffix marks a multi-valued attribute. */
    public String type = STRING;

    /** What the attribute means, from Metatype (empty for undocumented runtime values). */
    public String description = "";

    /** Whether {@link ManagementTree#setAttribute} accepts it. */
    public boolean writable;

    /** SCST's {@code [key]}: the value differs from the default, so a config export must write it. */
    public boolean key;

    /** Write-only (passwords): {@link #value} is never filled in. */
    public boolean secret;
}
