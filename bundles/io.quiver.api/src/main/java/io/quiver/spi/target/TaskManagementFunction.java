package io.quiver.spi.target;

/**
 * Task management functions (SAM-5, 7.1). Immutable.
 */
public enum TaskManagementFunction {
    ABORT_TASK,
    ABORT_TASK_SET,
    CLEAR_ACA,
    CLEAR_TASK_SET,
    I_T_NEXUS_RESET,
    LOGICAL_UNIT_RESET,
    /** TARGET RESET (iSCSI TARGET WARM RESET). */
    TARGET_RESET,
    /** iSCSI TARGET COLD RESET: a target reset after which the transport drops every connection. */
    TARGET_COLD_RESET,
    QUERY_TASK,
    QUERY_TASK_SET,
    QUERY_ASYNCHRONOUS_EVENT
}
