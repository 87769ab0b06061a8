package io.quiver.transport.local;

import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.TargetDriver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The loopback target driver ({@code scst_local}), registered as a {@link TargetDriver} and as itself so
 * tests can create targets through it. Outside OSGi, construct it over a core with
 * {@link #LocalTargetDriver(ScsiTargetCore)}. Thread-safe.
 */
@Component(service = {TargetDriver.class, LocalTargetDriver.class}, property = TargetDriver.NAME_PROPERTY + "=" + LocalTargetDriver.NAME)
public class LocalTargetDriver implements TargetDriver {

    /** The driver name, SCST's. */
    public static final String NAME = "scst_local";

    /** SPC-4 PROTOCOL IDENTIFIER Fh: no specific protocol. */
    public static final int PROTOCOL_IDENTIFIER = 0xF;

    private final ScsiTargetCore core;

    @Activate
    public LocalTargetDriver(@Reference ScsiTargetCore core) {
        this.core = core;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int protocolIdentifier() {
        return PROTOCOL_IDENTIFIER;
    }

    /** Registers a target with a core-assigned relative target port identifier. */
    public LocalTarget createTarget(String name) {
        return createTarget(name, 0);
    }

    /** Registers a target with the given relative target port identifier (0: assigned by the core). */
    public LocalTarget createTarget(String name, int relativeTargetPortId) {
        return new LocalTarget(core.registerTarget(this, name, relativeTargetPortId));
    }
}
