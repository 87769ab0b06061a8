package io.quiver.core.impl.cmd;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.map.LunAddress;
import io.quiver.core.impl.target.LogicalUnit;
import io.quiver.core.impl.target.Task;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceDescriptor;

/**
 * INQUIRY (SPC-4 6.6): standard data from the device's descriptor, and the VPD pages the core owns
 * (00h, 80h, 83h via {@link DeviceIdentification}, 86h). A LUN without a logical unit answers with
 * peripheral qualifier 011b and type 1Fh; the REPORT LUNS well-known LUN as a well-known logical unit
 * (type 1Eh). Stateless.
 */
final class Inquiry {

    static final int STANDARD_LENGTH = 96;
    private static final int[] CORE_PAGES = {0x00, 0x80, 0x83, 0x86};

    private Inquiry() {
    }

    /** Whether the task asks for a VPD page only the device has. */
    static boolean isDevicePage(Task task) {
        LogicalUnit unit = task.unit();
        if (unit == null || (task.cdbByte(1) & 0x01) == 0) {
            return false;
        }
        int page = task.cdbByte(2);
        for (int p : CORE_PAGES) {
            if (p == page) {
                return false;
            }
        }
        return unit.device().vpdPages().contains(page);
    }

    static void execute(Task task) {
        boolean evpd = (task.cdbByte(1) & 0x01) != 0;
        int page = task.cdbByte(2);
        long allocation = CoreCommands.field(task, 3, 2);
        if ((task.cdbByte(1) & 0x02) != 0) {
            task.fail(SenseData.invalidFieldInCdb(1, 1));
            return;
        }
        if (!evpd && page != 0) {
            task.fail(SenseData.invalidFieldInCdb(2, -1));
            return;
        }
        LogicalUnit unit = task.unit();
        if (unit == null) {
            if (evpd) {
                task.fail(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_UNIT_NOT_SUPPORTED));
            } else {
                boolean wellKnown = task.lunNumber() == LunAddress.WELL_KNOWN_REPORT_LUNS;
                Responses.send(task, absent(task, wellKnown ? 0x1E : 0x7F), allocation);
            }
            return;
        }
        ByteBuf out;
        if (!evpd) {
            out = standard(task, unit);
        } else {
            int type = unit.descriptor().type().code();
            switch (page) {
                case 0x00:
                    out = supportedPages(task, unit, type);
                    break;
                case 0x80:
                    out = serialNumber(task, unit.identity().unitSerialNumber(), type);
                    break;
                case 0x83:
                    out = DeviceIdentification.page(task, unit);
                    break;
                case 0x86:
                    out = extended(task, type, unit.device().descriptor().protectionType());
                    break;
                default:
                    task.fail(SenseData.invalidFieldInCdb(2, -1));
                    return;
            }
        }
        Responses.send(task, out, allocation);
    }

    private static ByteBuf standard(Task task, LogicalUnit unit) {
        DeviceDescriptor d = unit.descriptor();
        int tpgs = 0;
        for (LogicalUnitServiceFactory f : unit.core().factories()) {
            tpgs |= f.targetPortGroupSupport(unit.deviceName()) & 0x03;
        }
        ByteBuf out = task.alloc().buffer(STANDARD_LENGTH);
        out.writeByte(d.type().code());
        out.writeByte(d.removable() ? 0x80 : 0);
        out.writeByte(0x06); // SPC-4
        out.writeByte(0x32); // NORMACA (ACA supported, AcaCondition), HISUP, RESPONSE DATA FORMAT 2
        out.writeByte(STANDARD_LENGTH - 5);
        // byte 5: TPGS, 3PC, PROTECT (the medium carries T10 protection information)
        out.writeByte(tpgs << 4 | (thirdPartyCopy(unit) ? 0x08 : 0) | (d.protectionType() != 0 ? 0x01 : 0));
        out.writeByte(0);
        out.writeByte(0x02); // CMDQUE
        Responses.ascii(out, d.vendorId(), 8);
        Responses.ascii(out, d.productId(), 16);
        Responses.ascii(out, d.productRevision(), 4);
        out.writeZero(58 - out.writerIndex());
        out.writeShort(0x00A0); // SAM-5
        out.writeShort(0x0460); // SPC-4
        if (d.type() == PeripheralDeviceType.DIRECT_ACCESS_BLOCK) {
            out.writeShort(0x04C0); // SBC-3
        }
        int transport = transportVersionDescriptor(task.session().protocolIdentifier());
        if (transport != 0) {
            out.writeShort(transport);
        }
        out.writeZero(STANDARD_LENGTH - out.writerIndex());
        return out;
    }

    /** 3PC: the device declares EXTENDED COPY among its supported commands. */
    static boolean thirdPartyCopy(LogicalUnit unit) {
        return unit.device().supportedCommands().stream()
                .anyMatch(c -> c.opcode() == ScsiOpcode.EXTENDED_COPY);
    }

    /** The version descriptor of the transport's protocol standard (SPC-4 table 149), 0 if none. */
    static int transportVersionDescriptor(int protocolIdentifier) {
        switch (protocolIdentifier) {
            case 0x0: return 0x0900; // FCP-4
            case 0x4: return 0x0940; // SRP
            case 0x5: return 0x0960; // iSCSI
            case 0x6: return 0x0C00; // SAS
            default: return 0;
        }
    }

    private static ByteBuf absent(Task task, int byte0) {
        ByteBuf out = task.alloc().buffer(36);
        out.writeByte(byte0).writeByte(0).writeByte(0x06).writeByte(0x02).writeByte(31);
        out.writeZero(3);
        Responses.ascii(out, "", 28);
        return out;
    }

    private static ByteBuf supportedPages(Task task, LogicalUnit unit, int type) {
        java.util.TreeSet<Integer> pages = new java.util.TreeSet<>();
        for (int p : CORE_PAGES) {
            pages.add(p);
        }
        unit.device().vpdPages().forEach(p -> pages.add(p & 0xFF));
        ByteBuf out = task.alloc().buffer(4 + pages.size());
        out.writeByte(type).writeByte(0x00).writeShort(pages.size());
        pages.forEach(out::writeByte);
        return out;
    }

    private static ByteBuf serialNumber(Task task, String usn, int type) {
        ByteBuf out = task.alloc().buffer(4 + usn.length());
        out.writeByte(type).writeByte(0x80).writeShort(usn.length());
        Responses.ascii(out, usn, usn.length());
        return out;
    }

    /**
     * Extended INQUIRY Data (SPC-4 7.8.7): HEADSUP, ORDSUP, SIMPSUP, and LUICLR; on a device with protection
     * information SPT (the one type it is formatted with: 000b type 1, 010b type 2, 100b type 3) and GRD_CHK,
     * APP_CHK, REF_CHK (the device checks the guard, the application tag with a 32-byte CDB's mask, and the
     * reference tag of types 1 and 2).
     */
    private static ByteBuf extended(Task task, int type, int protectionType) {
        ByteBuf out = task.alloc().buffer(64);
        out.writeByte(type).writeByte(0x86).writeShort(0x3C);
        out.writeByte(protectionType == 0 ? 0 : (protectionType - 1) << 4 | 0x07);
        out.writeByte(0x07);
        out.writeByte(0);
        out.writeByte(0x01);
        out.writeZero(64 - out.writerIndex());
        return out;
    }
}
