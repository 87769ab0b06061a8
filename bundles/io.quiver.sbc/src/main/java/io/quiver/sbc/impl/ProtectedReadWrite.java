package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;

/**
 * READ and WRITE on a device formatted with protection information (SBC-4 4.22, 5.15-5.19, 5.39-5.43): every
 * READ checks the stored protection information ({@link ProtectionInformation}) and, with RDPROTECT not 0,
 * returns it interleaved after each block (the data-in is {@code blocks * (blockSize + 8)} bytes); WRITE with
 * WRPROTECT not 0 takes it interleaved the same way, checks it and stores it. READ (32) and WRITE (32)
 * (VARIABLE LENGTH 7Fh, service actions 0009h and 000Bh) carry the expected initial reference tag and the
 * application tag and mask; they exist only on a type 2 device, where READ/WRITE (10/12/16) with a non-zero
 * PROTECT field do not (INVALID COMMAND OPERATION CODE, as SBC-4 asks). Thread-safe.
 */
final class ProtectedReadWrite {

    private final SbcEngine e;
    private final int type;

    ProtectedReadWrite(SbcEngine e) {
        this.e = e;
        this.type = e.store.protectionType();
    }

    /** READ (6/10/12/16). */
    void read(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        long lba = Cdb.lba(cdb);
        read(task, Cdb.protect(cdb), lba, Cdb.transferLength(cdb), ReadWriteCommands.lengthOffset(cdb),
                ProtectionInformation.Expected.of(lba), false);
    }

    /** WRITE (6/10/12/16) with WRPROTECT not 0 (the others take the plain path, which generates it). */
    void write(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        long lba = Cdb.lba(cdb);
        write(task, Cdb.protect(cdb), lba, Cdb.transferLength(cdb), ReadWriteCommands.lengthOffset(cdb),
                ProtectionInformation.Expected.of(lba), Cdb.fua(cdb), false);
    }

    /** VARIABLE LENGTH (7Fh): READ (32) and WRITE (32) on a type 2 device. */
    void variableLength(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int action = Cdb.u16(cdb, 8);
        if (type != 2 || (action != ScsiOpcode.VL_READ_32 && action != ScsiOpcode.VL_WRITE_32)) {
            throw new SenseException(SenseData.invalidOpcode());
        }
        if (cdb.readableBytes() < 32 || Cdb.u8(cdb, 7) != 0x18) {
            throw Senses.invalidCdb(7, -1); // ADDITIONAL CDB LENGTH
        }
        int protect = Cdb.u8(cdb, 10) >>> 5;
        long lba = Cdb.u64(cdb, 12);
        long blocks = Cdb.u32(cdb, 28);
        ProtectionInformation.Expected expected = new ProtectionInformation.Expected(Cdb.u32(cdb, 20),
                Cdb.u16(cdb, 24), Cdb.u16(cdb, 26));
        if (action == ScsiOpcode.VL_READ_32) {
            read(task, protect, lba, blocks, 28, expected, true);
        } else {
            write(task, protect, lba, blocks, 28, expected, Cdb.bit(cdb, 10, 3), true);
        }
    }

    private void checkField(int protect, int byteOffset, boolean thirtyTwo) throws SenseException {
        if (!ProtectionInformation.validField(protect)) {
            throw Senses.invalidCdb(byteOffset, 7);
        }
        if (type == 2 && protect != 0 && !thirtyTwo) {
            // Type 2 protection takes its expected tags from 32-byte CDBs only (SBC-4 4.22.2.4).
            throw new SenseException(SenseData.invalidOpcode());
        }
    }

    private void read(DeviceTask task, int protect, long lba, long blocks, int lengthOffset,
            ProtectionInformation.Expected expected, boolean thirtyTwo) throws Exception {
        checkField(protect, thirtyTwo ? 10 : 1, thirtyTwo);
        e.checkRange(lba, blocks);
        e.checkTransferLength(blocks, lengthOffset);
        if (blocks == 0) {
            task.complete();
            return;
        }
        int n = (int) blocks;
        e.flow.onIoExecutor(task, () -> {
            int bs = e.blockSize();
            ByteBuf data = task.alloc().directBuffer(n * bs);
            ByteBuf pi = task.alloc().buffer(n * ProtectionInformation.BYTES);
            try {
                e.store.read(lba, n, data);
                e.store.readProtection(lba, n, pi);
                ProtectionInformation.check(type, protect, data, pi, bs, lba, expected);
                if (protect == 0) {
                    task.complete(data.retain());
                    return;
                }
                ByteBuf out = TaskFlow.dataIn(task, n * (bs + ProtectionInformation.BYTES));
                for (int i = 0; i < n; i++) {
                    out.writeBytes(data, i * bs, bs).writeBytes(pi, i * ProtectionInformation.BYTES,
                            ProtectionInformation.BYTES);
                }
                task.complete(out);
            } finally {
                data.release();
                pi.release();
            }
        }, () -> { });
    }

    private void write(DeviceTask task, int protect, long lba, long blocks, int lengthOffset,
            ProtectionInformation.Expected expected, boolean fua, boolean thirtyTwo) throws Exception {
        checkField(protect, thirtyTwo ? 10 : 1, thirtyTwo);
        e.checkRange(lba, blocks);
        e.checkTransferLength(blocks, lengthOffset);
        e.checkWritable(task);
        if (blocks == 0) {
            task.complete();
            return;
        }
        int n = (int) blocks;
        int bs = e.blockSize();
        int length = n * (bs + (protect == 0 ? 0 : ProtectionInformation.BYTES));
        boolean durable = e.durable(fua);
        ProtectedStore store = (ProtectedStore) e.store;
        e.flow.lockedDataOut(task, lba, n, length, in -> {
            if (protect == 0) { // WRITE (32) without protection information: generated, as for WRITE (10)
                store.write(lba, in, durable);
                TaskFlow.completeDataOut(task, length);
                return;
            }
            ByteBuf data = task.alloc().directBuffer(n * bs);
            ByteBuf pi = task.alloc().buffer(n * ProtectionInformation.BYTES);
            try {
                for (int i = 0; i < n; i++) {
                    int at = in.readerIndex() + i * (bs + ProtectionInformation.BYTES);
                    data.writeBytes(in, at, bs);
                    pi.writeBytes(in, at + bs, ProtectionInformation.BYTES);
                }
                ProtectionInformation.check(type, protect, data, pi, bs, lba, expected);
                store.writeWithProtection(lba, data, pi, durable);
            } finally {
                data.release();
                pi.release();
            }
            TaskFlow.completeDataOut(task, length);
        });
    }
}
