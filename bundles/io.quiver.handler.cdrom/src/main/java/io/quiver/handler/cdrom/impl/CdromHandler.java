package io.quiver.handler.cdrom.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The vcdrom handler itself, registered once so the management views list it and know that its devices
 * are factory configurations of {@value #PID}. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class, property = "quiver.handler.name=" + CdromHandler.HANDLER)
public class CdromHandler implements DeviceHandler {

    /** The factory PID of vcdrom devices. */
    static final String PID = "io.quiver.handler.cdrom";
    /** SCST's handler name. */
    static final String HANDLER = "vcdrom";

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public String deviceFactoryPid() {
        return PID;
    }
}
