package io.quiver.config.impl;

import java.util.List;

/**
 * One statement of an {@code scst.conf} file as parsed, before it means anything: a keyword, its values
 * on the same line, the line it starts on and, for {@code KEYWORD args { ... }}, the statements inside.
 * {@code HANDLER vdisk_fileio { ... }}, {@code LUN 0 disk0} and {@code filename /x} are all blocks.
 * Immutable.
 *
 * @param children the statements inside braces, or {@code null} when the statement has no braces
 */
public record ConfigBlock(String keyword, List<String> values, int line, List<ConfigBlock> children) {

    public ConfigBlock {
        values = List.copyOf(values);
        children = children == null ? null : List.copyOf(children);
    }

    /** Whether the statement opened braces ({@code DEVICE d {}} has braces, {@code DEVICE d} none). */
    public boolean hasBlock() {
        return children != null;
    }

    /** The values joined with one space: an attribute's value ({@code IncomingUser joe secret}). */
    public String joinedValue() {
        return String.join(" ", values);
    }
}
