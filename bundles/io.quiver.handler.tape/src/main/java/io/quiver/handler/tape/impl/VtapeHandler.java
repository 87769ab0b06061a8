package io.quiver.handler.tape.impl;

import io.quiver.spi.device.DeviceHandler;
import org.osgi.service.component.annotations.Component;

/**
 * The vtape handler (a virtual SSC-3 tape drive), registered once so the management views list it and
 * know that standalone drives are factory configurations of {@value #PID}. The drives of a library
 * ({@link VchangerHandler}) carry this handler's name too. Stateless; thread-safe.
 */
@Component(service = DeviceHandler.class, property = "quiver.handler.name=" + VtapeHandler.HANDLER)
public class VtapeHandler implements DeviceHandler {

    /** The factory PID of standalone vtape devices. */
    static final String PID = "io.quiver.handler.tape.vtape";
    /** The handler name (SCST style; SCST's own tape handler passes a real drive through). */
    static final String HANDLER = "vtape";

    @Override
    public String name() {
        return HANDLER;
    }

    @Override
    public String deviceFactoryPid() {
        return PID;
    }
}
