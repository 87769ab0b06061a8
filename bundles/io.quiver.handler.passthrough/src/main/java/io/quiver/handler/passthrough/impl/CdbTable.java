package io.quiver.handler.passthrough.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.spi.device.DeviceTask;

/**
 * Quiver's own CDB table for pass-through devices, as SCST's {@code scst_get_cdb_info} decodes a command before
 * its dev handler sees it: the direction and byte count each opcode (and service action) of a device type calls
 * for, from the type's table ({@link SbcCdbs} disk, {@link SscCdbs} tape, {@link MmcCdbs} CD/DVD,
 * {@link SmcCdbs} changer and processor), then the commands all types share ({@link SpcCdbs}); a storage array
 * controller (0Ch) has only those (its SCC-2 commands are MAINTENANCE IN/OUT service actions). An opcode in no
 * table, or a CDB shorter than its group's size, is not decoded ({@code null}): the command then goes to the
 * device with the initiator's direction and length, as SCST does with CONFIG_SCST_USE_EXPECTED_VALUES (by default
 * SCST refuses such opcodes; a real device knows vendor commands this table cannot). Stateless.
 */
final class CdbTable {

    private static final int TEST_UNIT_READY = 0x00;

    private CdbTable() {
    }

    /**
     * What {@code cdb} calls for on a device of {@code type} whose current block length is {@code blockLength}
     * (0: not known yet), or {@code null} when the table does not know the command.
     */
    static CdbInfo of(ByteBuf cdb, PeripheralDeviceType type, long blockLength) {
        if (!cdb.isReadable()) {
            return null;
        }
        int opcode = cdb.getUnsignedByte(cdb.readerIndex());
        int size = groupSize(opcode, cdb);
        if (size <= 0 || cdb.readableBytes() < size) {
            return null;
        }
        CdbInfo own = switch (type) {
            case DIRECT_ACCESS_BLOCK -> SbcCdbs.of(cdb, opcode, blockLength);
            case SEQUENTIAL_ACCESS -> SscCdbs.of(cdb, opcode, blockLength);
            case CD_DVD -> MmcCdbs.of(cdb, opcode, blockLength);
            case MEDIUM_CHANGER -> SmcCdbs.changer(cdb, opcode);
            case PROCESSOR -> SmcCdbs.processor(cdb, opcode);
            default -> null;
        };
        return own != null ? own : SpcCdbs.of(cdb, opcode);
    }

    /**
     * Whether the initiator announced another direction than the table's, as SCST's {@code scst_parse_cmd} refuses
     * it (ILLEGAL REQUEST, INVALID MESSAGE ERROR): not when the initiator announced no data and the CDB calls for
     * none (a READ of 0 blocks without a data phase), nor for the exceptions SCST allows
     * ({@code scst_is_allowed_to_mismatch_cmd}): TEST UNIT READY announced as a read (VMware does), and a VERIFY
     * without BYTCHK sent with data (libiscsi's VERIFY tests do; the command goes as the initiator sent it). One
     * exception more than SCST's: a read announced as a write ({@link Transfer} runs it as the read it is), which
     * Quiver's own disks and tgtd answer GOOD and libiscsi expects so.
     */
    static boolean mismatch(CdbInfo info, DeviceTask task) {
        DataDirection announced = task.direction();
        if (announced == info.direction() || announced == DataDirection.NONE && info.length() == 0
                || announced == DataDirection.OUT && info.direction() == DataDirection.IN) {
            return false;
        }
        int opcode = task.opcode();
        return !(opcode == TEST_UNIT_READY && announced == DataDirection.IN)
                && !SbcCdbs.verifyWithoutData(task.cdb(), opcode);
    }

    /**
     * The CDB size of {@code opcode}'s group (SPC-4 4.2.5.1): 6, 10, 12 or 16 bytes, the ADDITIONAL CDB LENGTH of a
     * variable-length CDB (7Fh), 0 for a group this table does not decode (vendor-specific 6h and 7h).
     */
    private static int groupSize(int opcode, ByteBuf cdb) {
        return switch (opcode >> 5) {
            case 0 -> 6;
            case 1, 2 -> 10;
            case 3 -> opcode == 0x7F && cdb.readableBytes() >= 8 ? 8 + CdbInfo.u8(cdb, 7) : 0;
            case 4 -> 16;
            case 5 -> 12;
            default -> 0;
        };
    }
}
