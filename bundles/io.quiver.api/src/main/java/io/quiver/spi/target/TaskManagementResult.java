package io.quiver.spi.target;

import java.util.Objects;

/**
 * The outcome of a task management function: its service response and, for QUERY ASYNCHRONOUS EVENT,
 * the 24-bit ADDITIONAL RESPONSE INFORMATION (SAM-5 7.1.3). Immutable.
 */
public final class TaskManagementResult {

    private final TaskManagementResponse response;
    private final int additionalResponseInformation;

    public TaskManagementResult(TaskManagementResponse response, int additionalResponseInformation) {
        this.response = Objects.requireNonNull(response, "response");
        this.additionalResponseInformation = additionalResponseInformation & 0xFFFFFF;
    }

    public static TaskManagementResult of(TaskManagementResponse response) {
        return new TaskManagementResult(response, 0);
    }

    public TaskManagementResponse response() {
        return response;
    }

    public int additionalResponseInformation() {
        return additionalResponseInformation;
    }

    @Override
    public String toString() {
        return response.toString();
    }
}
