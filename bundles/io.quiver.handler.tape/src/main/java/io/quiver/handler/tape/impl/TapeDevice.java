package io.quiver.handler.tape.impl;

import static io.quiver.handler.tape.impl.TaskReplies.done;
import static io.quiver.handler.tape.impl.TaskReplies.reply;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.CommandDescriptor;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual tape drive (SSC-3, handler {@code vtape}): peripheral type 01h, removable, over a
 * {@link TapeDrive}. Executes TEST UNIT READY, REWIND, READ BLOCK LIMITS, READ (6), WRITE (6), WRITE
 * FILEMARKS (6), SPACE (6)/(16), ERASE (6), MODE SELECT/SENSE (6)/(10), LOAD UNLOAD, PREVENT ALLOW MEDIUM
 * REMOVAL, LOCATE (10)/(16), READ POSITION, REPORT DENSITY SUPPORT and LOG SENSE; everything else ends in
 * INVALID COMMAND OPERATION CODE. The core answers INQUIRY, VPD 80h/83h, REQUEST SENSE and reservations.
 *
 * <p>{@link TapeTransfers} runs READ and WRITE, {@link TapeParameters} the mode, log and position
 * commands, {@link TaskReplies} finishes tasks.
 *
 * <p>Threading: the descriptor declares exactly one thread, so commands run one at a time in the order
 * the core passes them (a tape is sequential) and may block on the cartridge file; a WRITE waits on
 * that thread for its data-out.
 */
final class TapeDevice implements ScsiDevice {

    static final int REWIND = 0x01;
    static final int READ_BLOCK_LIMITS = 0x05;
    static final int WRITE_FILEMARKS = 0x10;
    static final int SPACE_6 = 0x11;
    static final int ERASE = 0x19;
    static final int LOAD_UNLOAD = 0x1B;
    static final int LOCATE_10 = 0x2B;
    static final int READ_POSITION = 0x34;
    static final int REPORT_DENSITY_SUPPORT = 0x44;
    static final int SPACE_16 = 0x91;
    static final int LOCATE_16 = 0x92;

    private static final Logger LOG = LoggerFactory.getLogger(TapeDevice.class);

    private final DeviceDescriptor descriptor;
    private final TapeDrive drive;
    private volatile DeviceContext context;

    TapeDevice(DeviceDescriptor descriptor, TapeDrive drive) {
        this.descriptor = descriptor;
        this.drive = drive;
    }

    @Override
    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    TapeDrive drive() {
        return drive;
    }

    @Override
    public void attach(DeviceContext ctx) {
        this.context = ctx;
    }

    @Override
    public void detach() {
        this.context = null;
    }

    /** A cartridge went in or out (the changer moved it): every nexus hears of it. */
    void mediumChanged() {
        DeviceContext ctx = context;
        if (ctx != null) {
            ctx.mediumChanged();
        }
    }

    @Override
    public void nexusLost(long nexusId) {
        drive.removal().nexusLost(nexusId);
    }

    @Override
    public void reset() {
        drive.removal().reset();
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        return TapeCommands.ALL;
    }

    @Override
    public Map<String, String> runtimeAttributes() {
        Map<String, String> m = new LinkedHashMap<>();
        Cartridge c = drive.cartridge();
        m.put("cartridge", c == null ? "" : c.barcode());
        m.put("loaded", Boolean.toString(drive.ready() == null));
        m.put("position", c == null ? "" : Integer.toString(drive.position()));
        m.put("block_length", Integer.toString(drive.blockLength()));
        return m;
    }

    @Override
    public void execute(DeviceTask task) {
        ByteBuf cdb = task.cdb();
        int b = cdb.readerIndex();
        try {
            switch (task.opcode()) {
                case ScsiOpcode.TEST_UNIT_READY -> done(task, drive.ready());
                case REWIND -> done(task, drive.rewind());
                case READ_BLOCK_LIMITS -> {
                    if ((cdb.getByte(b + 1) & 1) != 0) {
                        task.fail(SenseData.invalidFieldInCdb(1, 0)); // MLOC: one partition, no limit to report
                    } else {
                        task.complete(TapePages.blockLimits(task.alloc()));
                    }
                }
                case ScsiOpcode.READ_6 -> TapeTransfers.read(task, drive, cdb.getUnsignedByte(b + 1), cdb.getUnsignedMedium(b + 2));
                case ScsiOpcode.WRITE_6 -> TapeTransfers.write(task, drive, cdb.getUnsignedByte(b + 1), cdb.getUnsignedMedium(b + 2));
                case WRITE_FILEMARKS -> done(task, (cdb.getByte(b + 1) & 0x02) != 0 ? SenseData.invalidFieldInCdb(1, 1)
                        : drive.writeFilemarks(cdb.getUnsignedMedium(b + 2), task.writeProtected()));
                case SPACE_6 -> done(task, space(cdb.getByte(b + 1) & 0x0F, cdb.getMedium(b + 2)));
                case SPACE_16 -> done(task, space(cdb.getByte(b + 1) & 0x0F, cdb.getLong(b + 4)));
                case ERASE -> done(task, drive.erase(task.writeProtected()));
                case LOAD_UNLOAD -> loadUnload(task, cdb.getUnsignedByte(b + 4));
                case ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL -> {
                    drive.removal().prevent(task.nexusId(), (cdb.getByte(b + 4) & 0x01) != 0);
                    task.complete();
                }
                case LOCATE_10 -> done(task, (cdb.getByte(b + 1) & 0x02) != 0 && cdb.getByte(b + 8) != 0
                        ? SenseData.invalidFieldInCdb(8, -1) : drive.locate(cdb.getUnsignedInt(b + 3)));
                case LOCATE_16 -> done(task, locate16(cdb, b));
                case READ_POSITION -> TapeParameters.readPosition(task, drive, cdb.getByte(b + 1) & 0x1F);
                case REPORT_DENSITY_SUPPORT -> reply(task, TapePages.densitySupport(task.alloc()), cdb.getUnsignedShort(b + 7));
                case ScsiOpcode.LOG_SENSE -> TapeParameters.logSense(task, drive, cdb.getUnsignedByte(b + 2),
                        cdb.getUnsignedShort(b + 7));
                case ScsiOpcode.MODE_SENSE_6 -> TapeParameters.modeSense(task, drive, cdb, false);
                case ScsiOpcode.MODE_SENSE_10 -> TapeParameters.modeSense(task, drive, cdb, true);
                case ScsiOpcode.MODE_SELECT_6 -> TapeParameters.modeSelect(task, drive, context,
                        cdb.getUnsignedByte(b + 4), false);
                case ScsiOpcode.MODE_SELECT_10 -> TapeParameters.modeSelect(task, drive, context,
                        cdb.getUnsignedShort(b + 7), true);
                default -> task.fail(SenseData.invalidOpcode());
            }
        } catch (IndexOutOfBoundsException shortCdb) {
            task.fail(SenseData.invalidFieldInCdb(0, -1));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: {} failed", descriptor.name(), ScsiOpcode.name(task.opcode()), e);
            task.fail(TapeSense.mediumError(task.opcode() != ScsiOpcode.READ_6));
        }
    }

    private SenseData space(int code, long count) {
        return switch (code) {
            case 0 -> drive.spaceBlocks(count);
            case 1 -> drive.spaceFilemarks(count);
            case 3 -> drive.spaceToEnd();
            default -> SenseData.invalidFieldInCdb(1, -1); // setmarks: none are ever written
        };
    }

    private SenseData locate16(ByteBuf cdb, int b) {
        int destType = (cdb.getByte(b + 1) >> 3) & 0x07;
        if ((cdb.getByte(b + 1) & 0x02) != 0 && cdb.getByte(b + 3) != 0) {
            return SenseData.invalidFieldInCdb(3, -1);
        }
        long id = cdb.getLong(b + 4);
        return switch (destType) {
            case 0 -> drive.locate(id);
            case 1 -> drive.locateFile(id);
            case 3 -> drive.spaceToEnd();
            default -> SenseData.invalidFieldInCdb(1, 3);
        };
    }

    private void loadUnload(DeviceTask task, int b4) throws IOException {
        boolean load = (b4 & 0x01) != 0;
        if ((b4 & 0x08) != 0) {
            task.complete(); // HOLD: the cartridge stays where it is
            return;
        }
        done(task, drive.load(load));
    }
}
