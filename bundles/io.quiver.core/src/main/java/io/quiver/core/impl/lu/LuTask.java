package io.quiver.core.impl.lu;

import io.quiver.spi.device.DeviceTask;

/**
 * A command at a logical unit: the task a device would see, plus the nexus it came from. The pipeline
 * implements it; a logical-unit service that answers a command itself (PERSISTENT RESERVE OUT, REPORT
 * TARGET PORT GROUPS) completes it through the {@link DeviceTask} methods exactly once.
 */
public interface LuTask extends DeviceTask {

    /** The nexus the command arrived on. */
    Nexus nexus();
}
