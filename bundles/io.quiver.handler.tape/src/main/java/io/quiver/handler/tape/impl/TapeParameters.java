package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;

/**
 * The drive's parameter commands: MODE SENSE (6)/(10), MODE SELECT (6)/(10), LOG SENSE and READ
 * POSITION, decoded from the CDB and answered with {@link TapePages} and {@link TapeLogPages} data.
 * Saved parameters are not supported (PC 3 is refused); a MODE SELECT that changes the block length tells
 * the core, which raises MODE PARAMETERS CHANGED on the other nexuses.
 *
 * <p>Stateless; called on the drive's single device thread, which may block (MODE SELECT waits for its
 * data-out).
 */
final class TapeParameters {

    private TapeParameters() {
    }

    static void readPosition(DeviceTask task, TapeDrive drive, int serviceAction) {
        SenseData s = drive.ready();
        if (s != null) {
            task.fail(s);
            return;
        }
        ByteBuf data = TapePages.readPosition(task.alloc(), serviceAction, drive);
        if (data == null) {
            task.fail(SenseData.invalidFieldInCdb(1, 4));
        } else {
            task.complete(data);
        }
    }

    static void logSense(DeviceTask task, TapeDrive drive, int pageByte, int allocation) {
        ByteBuf page = TapeLogPages.page(task.alloc(), pageByte & 0x3F, drive);
        if (page == null) {
            task.fail(SenseData.invalidFieldInCdb(2, 5));
        } else {
            TaskReplies.reply(task, page, allocation);
        }
    }

    static void modeSense(DeviceTask task, TapeDrive drive, ByteBuf cdb, boolean ten) {
        int b = cdb.readerIndex();
        boolean dbd = (cdb.getByte(b + 1) & 0x08) != 0;
        int pc = cdb.getUnsignedByte(b + 2) >> 6;
        int page = cdb.getByte(b + 2) & 0x3F;
        if (pc == 3) {
            task.fail(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.SAVING_PARAMETERS_NOT_SUPPORTED));
            return;
        }
        ByteBuf data = TapePages.modeSense(task.alloc(), ten, dbd, pc == 1, page, drive,
                task.writeProtected() || drive.writeProtected());
        if (data == null) {
            task.fail(SenseData.invalidFieldInCdb(2, 5));
        } else {
            TaskReplies.reply(task, data, ten ? cdb.getUnsignedShort(b + 7) : cdb.getUnsignedByte(b + 4));
        }
    }

    /** @param context the device's context, {@code null} when detached (then nobody is told) */
    static void modeSelect(DeviceTask task, TapeDrive drive, DeviceContext context, int length, boolean ten) {
        if (length == 0) {
            task.complete();
            return;
        }
        if (length > task.expectedDataTransferLength()) {
            task.fail(SenseData.invalidFieldInCdb(ten ? 7 : 4, -1));
            return;
        }
        ByteBuf data = TaskReplies.receive(task, length);
        if (data == null) {
            return;
        }
        try {
            SenseData s = TapePages.modeSelect(data, ten, drive);
            if (s == null && context != null) {
                context.modeParametersChanged(task);
            }
            TaskReplies.done(task, s);
        } finally {
            data.release();
        }
    }
}
