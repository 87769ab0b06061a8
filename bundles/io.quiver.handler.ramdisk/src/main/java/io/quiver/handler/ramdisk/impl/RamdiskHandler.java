package io.quiver.handler.ramdisk.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The ramdisk handler as the management views list it; its devices are the factory configurations of
 * {@link RamdiskDevice#PID}. SCST has no in-memory vdisk, so the name is Quiver's own. Stateless;
 * thread-safe.
 */
@Component(service = DeviceHandler.class)
public final class RamdiskHandler implements DeviceHandler {

    /** The handler's name. */
    public static final String NAME = "ramdisk";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceFactoryPid() {
        return RamdiskDevice.PID;
    }
}
