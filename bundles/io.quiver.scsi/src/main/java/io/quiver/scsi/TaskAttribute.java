package io.quiver.scsi;

/**
 * Task attributes (SAM-5, 8.9): how a command is ordered against the others in its task set.
 * Immutable; safe on any thread.
 */
public enum TaskAttribute {
    SIMPLE,
    ORDERED,
    HEAD_OF_QUEUE,
    ACA
}
