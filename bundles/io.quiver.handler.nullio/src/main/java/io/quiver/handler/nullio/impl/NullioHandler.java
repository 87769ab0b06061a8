package io.quiver.handler.nullio.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The nullio handler ({@code vdisk_nullio}) as the management views list it; its devices are the
 * factory configurations of {@link NullioDevice#PID}. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class)
public final class NullioHandler implements DeviceHandler {

    /** SCST's name for this handler. */
    public static final String NAME = "vdisk_nullio";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String deviceFactoryPid() {
        return NullioDevice.PID;
    }
}
