package io.quiver.handler.blockio.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The vdisk_blockio handler itself, registered once so the management views list it and know that its
 * devices are factory configurations of {@value #PID}. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class, property = "quiver.handler.name=" + BlockioHandler.HANDLER)
public class BlockioHandler implements DeviceHandler {

    /** The factory PID of blockio devices. */
    static final String PID = "io.quiver.handler.blockio";
    /** SCST's handler name. */
    static final String HANDLER = "vdisk_blockio";

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public String deviceFactoryPid() {
        return PID;
    }
}
