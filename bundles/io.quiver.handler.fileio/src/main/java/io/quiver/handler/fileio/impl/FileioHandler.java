package io.quiver.handler.fileio.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The vdisk_fileio handler itself, registered once so the management views list it and know that its
 * devices are factory configurations of {@value #PID}. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class, property = "quiver.handler.name=" + FileioHandler.HANDLER)
public class FileioHandler implements DeviceHandler {

    /** The factory PID of fileio devices. */
    static final String PID = "io.quiver.handler.fileio";
    /** SCST's handler name. */
    static final String HANDLER = "vdisk_fileio";

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public String deviceFactoryPid() {
        return PID;
    }
}
