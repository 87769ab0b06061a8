package io.quiver.core.impl.lu;

import io.quiver.spi.device.CommandDescriptor;
import java.util.List;

/**
 * Makes one {@link LogicalUnitService} per attached device. Registered as an OSGi service (private to
 * this bundle) by the components that own reservations, ALUA and log pages; the pipeline binds all of
 * them dynamically and consults their services in {@link #order()}.
 *
 * <p>Thread-safe.
 */
public interface LogicalUnitServiceFactory {

    /** ALUA state filtering runs first (SPC-4 5.15.2.x before reservations). */
    int ORDER_ALUA = 100;
    /** SPC-2 and SPC-4 reservations. */
    int ORDER_RESERVATIONS = 200;
    /** LOG SENSE / LOG SELECT and other informational services. */
    int ORDER_LOG = 300;

    /** Where this factory's services sit in the pipeline; lower runs first. */
    int order();

    /** Creates the service for one device's logical unit. */
    LogicalUnitService create(LogicalUnitContext context);

    /** The commands its services answer, for REPORT SUPPORTED OPERATION CODES. */
    default List<CommandDescriptor> supportedCommands() {
        return List.of();
    }

    /** The TPGS field of standard INQUIRY data this factory implies (0 none, 1 implicit, 2 explicit, 3 both). */
    default int targetPortGroupSupport() {
        return 0;
    }

    /**
     * The TPGS field for one device: by default {@link #targetPortGroupSupport()}; a factory whose support
     * depends on the device (ALUA: only a device in a device group has target port groups) narrows it.
     */
    default int targetPortGroupSupport(String deviceName) {
        return targetPortGroupSupport();
    }

    /** The target port group of a relative target port, for VPD 83h; -1 if none. */
    default int targetPortGroup(int relativeTargetPortId) {
        return -1;
    }

    /** The logical unit group of a device, for VPD 83h; -1 if none. */
    default int logicalUnitGroup(String deviceName) {
        return -1;
    }
}
