package io.quiver.scsi;

/**
 * Which way a command's data flows, seen from the initiator (SAM-5 Data-In / Data-Out).
 */
public enum DataDirection {
    /** No data phase. */
    NONE,
    /** Data from the device server to the initiator (READ). */
    IN,
    /** Data from the initiator to the device server (WRITE). */
    OUT,
    /** Both (bidirectional commands). */
    BIDIRECTIONAL
}
