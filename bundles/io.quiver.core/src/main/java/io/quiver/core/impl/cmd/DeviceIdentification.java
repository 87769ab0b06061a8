package io.quiver.core.impl.cmd;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.target.LogicalUnit;
import io.quiver.core.impl.target.Task;

/**
 * VPD page 83h, Device Identification (SPC-4 7.8.6): the logical unit's designators (NAA, EUI-64, T10
 * vendor ID, or a pass-through device's own; {@link io.quiver.core.impl.identity.DeviceIdentity}), the
 * relative target port of the nexus, the target port group and logical unit group the logical-unit
 * service factories report, then the designators the transport gave for the nexus' target port and target
 * device ({@link io.quiver.core.impl.target.CoreSession#designators()}: an iSCSI port's SCSI name string
 * {@code <iqn>,t,0x<TPGT>}, an FC port's WWPN), in that order, as LIO sends them. Stateless.
 */
final class DeviceIdentification {

    private static final int CODE_SET_BINARY = 0x1;
    private static final int ASSOC_LU = 0x00;
    private static final int ASSOC_TARGET_PORT = 0x10;
    private static final int PIV = 0x80;

    private DeviceIdentification() {
    }

    static ByteBuf page(Task task, LogicalUnit unit) {
        ByteBuf out = task.alloc().buffer(128);
        out.writeByte(unit.descriptor().type().code()).writeByte(0x83).writeShort(0);
        unit.identity().descriptors().forEach(out::writeBytes);
        int protocol = task.session().protocolIdentifier() & 0x0F;
        int rtpi = task.session().relativeTargetPortId();
        designator(out, protocol << 4 | CODE_SET_BINARY, PIV | ASSOC_TARGET_PORT | 0x4, shortValue(rtpi));
        int tpg = -1;
        int lug = -1;
        for (LogicalUnitServiceFactory f : unit.core().factories()) {
            tpg = tpg >= 0 ? tpg : f.targetPortGroup(rtpi);
            lug = lug >= 0 ? lug : f.logicalUnitGroup(unit.deviceName());
        }
        if (tpg >= 0) {
            designator(out, protocol << 4 | CODE_SET_BINARY, PIV | ASSOC_TARGET_PORT | 0x5, shortValue(tpg));
        }
        if (lug >= 0) {
            designator(out, CODE_SET_BINARY, ASSOC_LU | 0x6, shortValue(lug));
        }
        // The transport's own names of the port and target device, after the core's, in LIO's order.
        task.session().designators().forEach(d -> out.writeBytes(d.bytes()));
        out.setShort(2, out.writerIndex() - 4);
        return out;
    }

    private static void designator(ByteBuf out, int byte0, int byte1, byte[] value) {
        out.writeByte(byte0).writeByte(byte1).writeByte(0).writeByte(value.length).writeBytes(value);
    }

    private static byte[] shortValue(int v) {
        return new byte[] {0, 0, (byte) (v >> 8), (byte) v};
    }
}
