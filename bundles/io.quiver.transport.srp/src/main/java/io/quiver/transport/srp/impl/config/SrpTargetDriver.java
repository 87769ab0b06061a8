package io.quiver.transport.srp.impl.config;

import io.quiver.spi.target.TargetDriver;
import org.osgi.service.component.annotations.Component;

/**
 * The SRP target driver, SCST's {@code ib_srpt}: registered as the {@link TargetDriver} of protocol identifier 4
 * (SRP); its targets are factory configurations {@value SrpTargetComponent#FACTORY_PID}. Stateless and
 * thread-safe.
 */
@Component(service = {TargetDriver.class, SrpTargetDriver.class}, property = TargetDriver.NAME_PROPERTY + "=ib_srpt")
public final class SrpTargetDriver implements TargetDriver {

    public static final String NAME = "ib_srpt";
    /** SPC-4 PROTOCOL IDENTIFIER 4: SCSI RDMA Protocol. */
    public static final int PROTOCOL_SRP = 4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int protocolIdentifier() {
        return PROTOCOL_SRP;
    }

    @Override
    public String targetFactoryPid() {
        return SrpTargetComponent.FACTORY_PID;
    }
}
