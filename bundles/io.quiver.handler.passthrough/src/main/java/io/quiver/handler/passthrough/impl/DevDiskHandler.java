package io.quiver.handler.passthrough.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * SCST's {@code dev_disk} as the management views list it; its devices are the factory configurations of
 * {@link PassThroughDevice#PID}. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class)
public final class DevDiskHandler implements DeviceHandler {

    /** SCST's name for this handler. */
    public static final String NAME = "dev_disk";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceFactoryPid() {
        return PassThroughDevice.PID;
    }
}
