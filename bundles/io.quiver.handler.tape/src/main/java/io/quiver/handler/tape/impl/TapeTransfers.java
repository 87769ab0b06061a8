package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceTask;
import java.io.IOException;

/**
 * The CDB checks and buffers of READ (6) and WRITE (6) (SSC-3 6.4, 6.9) around their {@link TapeDrive}:
 * FIXED with SILI and fixed mode without a block length are invalid fields; a READ allocates its data-in
 * buffer for the transfer length and returns what was read before a stop (with the stop's sense); a WRITE
 * checks the drive is writable before it asks for its data-out, so a write-protected cartridge costs no
 * transfer.
 *
 * <p>Stateless; called on the drive's single device thread, which may block.
 */
final class TapeTransfers {

    private TapeTransfers() {
    }

    static void read(DeviceTask task, TapeDrive drive, int flags, int count) throws IOException {
        boolean fixed = (flags & 0x01) != 0;
        boolean sili = (flags & 0x02) != 0;
        if (fixed && sili) {
            task.fail(SenseData.invalidFieldInCdb(1, 1));
            return;
        }
        if (fixed && drive.blockLength() == 0) {
            task.fail(SenseData.invalidFieldInCdb(1, 0));
            return;
        }
        long length = fixed ? (long) count * drive.blockLength() : count;
        if (length > Integer.MAX_VALUE - 16) {
            task.fail(SenseData.invalidFieldInCdb(2, -1));
            return;
        }
        ByteBuf out = task.alloc().directBuffer((int) Math.min(length, 1 << 20), (int) length);
        try {
            SenseData s = drive.read(fixed, sili, count, out);
            if (s == null) {
                task.complete(out);
            } else {
                task.complete(ScsiStatus.CHECK_CONDITION, s, out, 0);
            }
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    static void write(DeviceTask task, TapeDrive drive, int flags, int count) throws IOException {
        boolean fixed = (flags & 0x01) != 0;
        if (fixed && drive.blockLength() == 0) {
            task.fail(SenseData.invalidFieldInCdb(1, 0));
            return;
        }
        long length = fixed ? (long) count * drive.blockLength() : count;
        SenseData notWritable = drive.writable(task.writeProtected());
        if (notWritable == null && (length > task.expectedDataTransferLength() || length > Integer.MAX_VALUE - 16)) {
            notWritable = SenseData.invalidFieldInCdb(2, -1);
        }
        if (notWritable != null || length == 0) {
            TaskReplies.done(task, notWritable);
            return;
        }
        ByteBuf data = TaskReplies.receive(task, (int) length);
        if (data == null) {
            return;
        }
        try {
            TaskReplies.done(task, drive.write(fixed, count, data, task.writeProtected()));
        } finally {
            data.release();
        }
    }
}
