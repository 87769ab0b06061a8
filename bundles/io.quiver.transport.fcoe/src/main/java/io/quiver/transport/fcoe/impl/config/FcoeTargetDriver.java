package io.quiver.transport.fcoe.impl.config;

import io.quiver.spi.target.TargetDriver;
import org.osgi.service.component.annotations.Component;

/**
 * The FCoE target driver, SCST's {@code fcst}: registered as the {@link TargetDriver} of protocol identifier 0
 * (Fibre Channel); its targets are factory configurations {@value FcoeTargetComponent#FACTORY_PID}.
 * Stateless and thread-safe.
 */
@Component(service = {TargetDriver.class, FcoeTargetDriver.class}, property = TargetDriver.NAME_PROPERTY + "=fcst")
public final class FcoeTargetDriver implements TargetDriver {

    public static final String NAME = "fcst";
    /** SPC-4 PROTOCOL IDENTIFIER 0: Fibre Channel. */
    public static final int PROTOCOL_FC = 0;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int protocolIdentifier() {
        return PROTOCOL_FC;
    }

    @Override
    public String targetFactoryPid() {
        return FcoeTargetComponent.FACTORY_PID;
    }
}
