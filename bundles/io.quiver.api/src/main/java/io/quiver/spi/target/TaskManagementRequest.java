package io.quiver.spi.target;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A task management function request as the transport received it, submitted through
 * {@link Session#submit(TaskManagementRequest)}. Implemented by transports.
 */
@ConsumerType
public interface TaskManagementRequest {

    /** MUST: the function. */
    TaskManagementFunction function();

    /** MUST: the 8-byte LUN field; ignored for nexus- and target-wide functions. */
    long lun();

    /** MUST: for ABORT TASK and QUERY TASK the tag of the referenced command; otherwise ignored. */
    long referencedTag();

    /**
     * MUST: the function finished; send its response. Called exactly once, from any thread, after every
     * command it aborted has completed; must not block.
     */
    void complete(TaskManagementResult result);
}
