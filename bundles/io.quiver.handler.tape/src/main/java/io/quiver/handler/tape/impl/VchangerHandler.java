package io.quiver.handler.tape.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The vchanger handler (a virtual SMC-3 tape library: a changer, its drives, slots and a cartridge
 * folder), registered once so the management views list it and know that libraries are factory
 * configurations of {@value #PID}. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class, property = "quiver.handler.name=" + VchangerHandler.HANDLER)
public class VchangerHandler implements DeviceHandler {

    /** The factory PID of libraries. */
    static final String PID = "io.quiver.handler.tape.vchanger";
    static final String HANDLER = "vchanger";

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public String deviceFactoryPid() {
        return PID;
    }
}
