package io.quiver.transport.iscsi.impl.session;

import io.quiver.spi.target.DesignationDescriptor;
import java.util.List;

/**
 * The names VPD page 83h gives an iSCSI target port and its target device (SPC-4 7.8.6.11, SAM-5's iSCSI
 * names): SCSI name strings {@code <iqn>,t,0x<TPGT>} for the port (the target name plus the portal group tag
 * the session logged in through) and {@code <iqn>} for the device, protocol identifier 5h, as LIO and SCST
 * send them. Stateless.
 */
final class PortDesignators {

    static final int ISCSI = 0x5;

    private PortDesignators() {
    }

    /** The target port ({@code iqn,t,0x0001}) and target device ({@code iqn}) designators, in that order. */
    static List<DesignationDescriptor> of(String targetName, int portalGroupTag) {
        String port = targetName + ",t,0x" + String.format("%04x", portalGroupTag);
        return List.of(DesignationDescriptor.scsiNameString(ISCSI, DesignationDescriptor.TARGET_PORT, port),
                DesignationDescriptor.scsiNameString(ISCSI, DesignationDescriptor.TARGET_DEVICE, targetName));
    }
}
