package io.quiver.spi.target;

/**
 * Service responses of task management functions (SAM-5, 7.1), plus the transport-visible case of an
 * ABORT TASK or QUERY TASK whose task does not exist. Immutable.
 */
public enum TaskManagementResponse {
    FUNCTION_COMPLETE,
    /** For QUERY TASK / QUERY TASK SET / QUERY ASYNCHRONOUS EVENT: the queried thing exists. */
    FUNCTION_SUCCEEDED,
    FUNCTION_REJECTED,
    INCORRECT_LOGICAL_UNIT_NUMBER,
    TASK_DOES_NOT_EXIST,
    SERVICE_DELIVERY_OR_TARGET_FAILURE
}
