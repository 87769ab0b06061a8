package io.quiver.spi.target;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A target driver (transport), SCST's {@code scst_tgt_template}. Each driver bundle registers one
 * instance as an OSGi service so the management views can list installed transports; it passes the
 * same instance to {@link ScsiTargetCore#registerTarget}.
 *
 * <p>Implementations must be thread-safe; the core calls these methods from any thread.
 */
@ConsumerType
public interface TargetDriver {

    /** Service property naming the driver, as in {@link #name()}. */
    String NAME_PROPERTY = "quiver.driver.name";

    /**
     * MUST: the driver's name, stable across releases, the same as SCST's where one exists
     * ({@code iscsi}, {@code srpt}, {@code fcst}, {@code scst_local}).
     */
    String name();

    /**
     * MUST: the SPC-4 PROTOCOL IDENTIFIER of this transport (table 362): 0 Fibre Channel,
     * 4 SRP, 5 iSCSI, 6 SAS, 0xF none (local). Used in VPD page 83h and PR TransportIDs.
     */
    int protocolIdentifier();

    /**
     * OPTIONAL: the ConfigAdmin factory PID under which targets of this driver are configured, so the
     * management views can create them. {@code null} if targets are created some other way.
     */
    default String targetFactoryPid() {
        return null;
    }

    /**
     * OPTIONAL: the ConfigAdmin PID of the driver's own configuration (SCST's driver-level attributes, such as
     * iSCSI's {@code iSNSServer}), described by the driver's Metatype, so that the management views show and
     * set those attributes on {@code /targets/<driver>}. {@code null} if the driver has none.
     *
     * @since 0.3.0
     */
    default String configurationPid() {
        return null;
    }
}
