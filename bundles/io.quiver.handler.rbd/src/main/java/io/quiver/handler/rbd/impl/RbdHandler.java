package io.quiver.handler.rbd.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The vdisk_rbd handler itself, registered once so the management views list it and know that its devices
 * are factory configurations of {@value #PID}. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class, property = "quiver.handler.name=" + RbdHandler.HANDLER)
public class RbdHandler implements DeviceHandler {

    /** The factory PID of RBD devices. */
    static final String PID = "io.quiver.handler.rbd";
    /** The handler's name, SCST style (SCST itself has none for RBD; tgt's backing store is "rbd"). */
    static final String HANDLER = "vdisk_rbd";

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public String deviceFactoryPid() {
        return PID;
    }
}
