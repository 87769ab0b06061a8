package io.quiver.sbc.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;

/**
 * READ, WRITE and WRITE AND VERIFY on a device formatted with protection information (SBC-4 4.22, 5.15-5.19,
 * 5.39-5.46): every READ checks the stored protection information ({@link ProtectionInformation}) and, with
 * RDPROTECT not 0, returns it interleaved after each block (the data-in is {@code blocks * (blockSize + 8)}
 * bytes); WRITE and WRITE AND VERIFY with WRPROTECT not 0 take it interleaved the same way, check it and
 * store it (WRITE AND VERIFY then reads the data back as {@link WriteVerification} does). The VARIABLE
 * LENGTH (7Fh) CDBs READ (32) 0009h, VERIFY (32) 000Ah, WRITE (32) 000Bh, WRITE AND VERIFY (32) 000Ch and
 * WRITE SAME (32) 000Dh ({@link ProvisioningCommands}) carry the expected initial reference tag and the application tag and mask; they
 * exist only on a type 2 device, where the 10/12/16-byte CDBs with a non-zero PROTECT field do not
 * (INVALID COMMAND OPERATION CODE, as SBC-4 asks). Thread-safe.
 */
final class ProtectedReadWrite {

    private final SbcEngine e;
    private final int type;
    private final ProtectedVerify verify;
    private final ProvisioningCommands provisioning;

    ProtectedReadWrite(SbcEngine e, ProtectedVerify verify, ProvisioningCommands provisioning) {
        this.e = e;
        this.type = e.store.protectionType();
        this.verify = verify;
        this.provisioning = provisioning;
    }

    /** READ (6/10/12/16). */
    void read(DeviceTask task) throws Exception {
        read(task, ProtectedCdb.of(task.cdb()));
    }

    /** WRITE and WRITE AND VERIFY (10/12/16) with WRPROTECT not 0. */
    void write(DeviceTask task, boolean andVerify) throws Exception {
        write(task, ProtectedCdb.of(task.cdb()), andVerify);
    }

    /** VARIABLE LENGTH (7Fh): the 32-byte CDBs on a type 2 device. */
    void variableLength(DeviceTask task) throws Exception {
        ByteBuf cdb = task.cdb();
        int action = Cdb.u16(cdb, 8);
        if (type != 2 || !(action == ScsiOpcode.VL_READ_32 || action == ScsiOpcode.VL_WRITE_32
                || action == ScsiOpcode.VL_VERIFY_32 || action == ScsiOpcode.VL_WRITE_AND_VERIFY_32
                || action == ScsiOpcode.VL_WRITE_SAME_32)) {
            throw new SenseException(SenseData.invalidOpcode());
        }
        if (cdb.readableBytes() < 32 || Cdb.u8(cdb, 7) != 0x18) {
            throw Senses.invalidCdb(7, -1); // ADDITIONAL CDB LENGTH
        }
        ProtectedCdb c = ProtectedCdb.of32(cdb);
        switch (action) {
            case ScsiOpcode.VL_READ_32 -> read(task, c);
            case ScsiOpcode.VL_WRITE_32 -> write(task, c, false);
            case ScsiOpcode.VL_VERIFY_32 -> verify.verify(task, c);
            case ScsiOpcode.VL_WRITE_AND_VERIFY_32 -> write(task, c, true);
            default -> provisioning.writeSame(task, c, true);
        }
    }

    /**
     * ORWRITE (16) with ORPROTECT not 0: the data-out's protection information is checked as ORPROTECT asks
     * (as WRPROTECT would), the stored blocks as a READ checks them; the OR of the data is stored with the
     * sent application and reference tags and a guard computed over the result (the sent guard covers the
     * sent data, not the OR).
     */
    void orWrite(DeviceTask task) throws Exception {
        ProtectedCdb c = ProtectedCdb.of(task.cdb());
        c.check(e, type, false);
        long lba = c.lba();
        e.checkWritable(task);
        if (c.blocks() == 0) {
            task.complete();
            return;
        }
        int n = (int) c.blocks();
        int bs = e.blockSize();
        int length = n * (bs + ProtectionInformation.BYTES);
        boolean durable = e.durable(c.bit3());
        e.flow.lockedDataOut(task, lba, n, length, in -> {
            ByteBuf data = task.alloc().directBuffer(n * bs);
            ByteBuf pi = task.alloc().buffer(n * ProtectionInformation.BYTES);
            ByteBuf old = task.alloc().directBuffer(n * bs);
            ByteBuf oldPi = task.alloc().buffer(n * ProtectionInformation.BYTES);
            try {
                ProtectionInformation.split(in, in.readerIndex(), n, bs, data, pi);
                ProtectionInformation.check(type, c.protect(), data, pi, bs, lba, c.expected());
                e.store.read(lba, n, old);
                e.store.readProtection(lba, n, oldPi);
                ProtectionInformation.check(type, 0, old, oldPi, bs, lba, c.expected());
                for (int i = 0; i < n * bs; i += 8) {
                    old.setLong(i, old.getLong(i) | data.getLong(i));
                }
                for (int i = 0; i < n; i++) {
                    pi.setShort(i * ProtectionInformation.BYTES, ProtectionInformation.crc16(old, i * bs, bs));
                }
                ((ProtectedStore) e.store).writeWithProtection(lba, old, pi, durable);
            } finally {
                data.release();
                pi.release();
                old.release();
                oldPi.release();
            }
            TaskFlow.completeDataOut(task, length);
        });
    }

    private void read(DeviceTask task, ProtectedCdb c) throws Exception {
        c.check(e, type, false);
        long blocks = c.blocks();
        if (blocks == 0) {
            task.complete();
            return;
        }
        int n = (int) blocks;
        e.flow.onIoExecutor(task, () -> verify.readChecked(task, c, n, (data, pi) -> {
            if (c.protect() == 0) {
                task.complete(data.retain());
                return;
            }
            int bs = e.blockSize();
            ByteBuf out = TaskFlow.dataIn(task, n * (bs + ProtectionInformation.BYTES));
            for (int i = 0; i < n; i++) {
                out.writeBytes(data, i * bs, bs).writeBytes(pi, i * ProtectionInformation.BYTES,
                        ProtectionInformation.BYTES);
            }
            task.complete(out);
        }), () -> { });
    }

    private void write(DeviceTask task, ProtectedCdb c, boolean andVerify) throws Exception {
        c.check(e, type, andVerify);
        int byteCheck = andVerify ? c.byteCheck() : 0;
        long lba = c.lba();
        long blocks = c.blocks();
        e.checkWritable(task);
        if (blocks == 0) {
            task.complete();
            return;
        }
        int n = (int) blocks;
        int bs = e.blockSize();
        int length = n * (bs + c.piBytes());
        // WRITE AND VERIFY is a write the medium holds: durable before it is read back.
        boolean durable = e.durable(andVerify || c.bit3());
        ProtectedStore store = (ProtectedStore) e.store;
        e.flow.lockedDataOut(task, lba, n, length, in -> {
            if (c.protect() == 0) { // without protection information: generated, as for WRITE (10)
                store.write(lba, in, durable);
            } else {
                ByteBuf data = task.alloc().directBuffer(n * bs);
                ByteBuf pi = task.alloc().buffer(n * ProtectionInformation.BYTES);
                try {
                    ProtectionInformation.split(in, in.readerIndex(), n, bs, data, pi);
                    ProtectionInformation.check(type, c.protect(), data, pi, bs, lba, c.expected());
                    store.writeWithProtection(lba, data, pi, durable);
                    if (andVerify) {
                        WriteVerification.check(e, task, lba, data, byteCheck);
                    }
                } finally {
                    data.release();
                    pi.release();
                }
            }
            if (andVerify && c.protect() == 0) {
                WriteVerification.check(e, task, lba, in, byteCheck);
            }
            TaskFlow.completeDataOut(task, length);
        });
    }
}
