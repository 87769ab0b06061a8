package io.quiver.core.impl.target;

/**
 * One entry of a nexus' LUN map: the logical unit a LUN number shows and whether it is write-protected
 * there. Immutable.
 */
public record MappedLun(int lun, LogicalUnit unit, boolean readOnly) {
}
