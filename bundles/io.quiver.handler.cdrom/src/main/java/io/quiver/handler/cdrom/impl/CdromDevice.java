package io.quiver.handler.cdrom.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseBuilder;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.CommandDescriptor;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only MMC drive over an image file (SCST's vcdrom): peripheral type CD/DVD, removable. Executes
 * TEST UNIT READY, READ CAPACITY (10), READ (10)/(12), READ TOC/PMA/ATIP, GET CONFIGURATION, GET EVENT
 * STATUS NOTIFICATION, READ DISC INFORMATION, READ TRACK INFORMATION, MECHANISM STATUS, MODE SENSE (6)/(10),
 * PREVENT ALLOW MEDIUM REMOVAL and START STOP UNIT. WRITE (10)/(12) and WRITE AND VERIFY (10), the MMC
 * write commands, end in DATA PROTECT, WRITE PROTECTED (the medium is read-only); everything else in
 * INVALID COMMAND OPERATION CODE.
 *
 * <p>Threading: its descriptor declares {@code threads_num} threads, so the core calls {@link #execute} on
 * the device's own threads and the image reads may block there. {@link #changeMedium} may be called from
 * any thread.
 */
final class CdromDevice implements ScsiDevice, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CdromDevice.class);

    /** READ (12) could ask for 2^32 blocks: refuse what cannot fit one buffer. */
    private static final long MAX_TRANSFER_BLOCKS = Integer.MAX_VALUE / IsoImage.BLOCK_SIZE;

    private final DeviceDescriptor descriptor;
    private final Drive drive;
    private volatile DeviceContext context;

    /**
     * @param descriptor identity with type CD_DVD and threads &gt; 0
     * @param image the medium at start, or {@code null} for an empty drive
     */
    CdromDevice(DeviceDescriptor descriptor, IsoImage image) {
        if (descriptor.threads() < 1) {
            throw new IllegalArgumentException("threads_num must be >= 1: image reads block");
        }
        this.descriptor = descriptor;
        this.drive = new Drive(image);
    }

    @Override
    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void attach(DeviceContext ctx) {
        this.context = ctx;
    }

    @Override
    public void detach() {
        this.context = null;
    }

    /** I_T nexus loss: the nexus' PREVENT ALLOW MEDIUM REMOVAL lock goes. Does not block. */
    @Override
    public void nexusLost(long nexusId) {
        drive.nexusLost(nexusId);
    }

    /** Logical unit or hard reset: every nexus' PREVENT ALLOW MEDIUM REMOVAL lock goes. Does not block. */
    @Override
    public void reset() {
        drive.reset();
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        return CdromCommands.ALL;
    }

    /**
     * The administrator changed {@code filename}: swaps the medium (overriding PREVENT, as an operator
     * would), and tells the core when a new medium is in so every nexus gets NOT READY TO READY CHANGE,
     * MEDIUM MAY HAVE CHANGED. With {@code null} the drive is empty: commands get NOT READY, MEDIUM NOT
     * PRESENT.
     */
    void changeMedium(IsoImage next) throws IOException {
        IsoImage old = drive.replace(next);
        if (old != null) {
            old.close();
        }
        DeviceContext ctx = context;
        if (next != null && ctx != null) {
            ctx.mediumChanged();
        }
    }

    @Override
    public void execute(DeviceTask task) {
        Cdb cdb = new Cdb(task.cdb());
        try {
            switch (task.opcode()) {
                case ScsiOpcode.TEST_UNIT_READY -> done(task, drive.notReady());
                case ScsiOpcode.READ_CAPACITY_10 -> readCapacity(task);
                case ScsiOpcode.READ_10 -> read(task, cdb.u32(2), cdb.u16(7));
                case ScsiOpcode.READ_12 -> read(task, cdb.u32(2), cdb.u32(6));
                case ScsiOpcode.READ_TOC_PMA_ATIP -> reply(task, DiscResponses.readToc(cdb, ready(), task.alloc()),
                        cdb.u16(7));
                case ScsiOpcode.READ_DISC_INFORMATION -> {
                    ready();
                    reply(task, DiscResponses.readDiscInformation(cdb, task.alloc()), cdb.u16(7));
                }
                case ScsiOpcode.READ_TRACK_INFORMATION -> reply(task,
                        DiscResponses.readTrackInformation(cdb, ready(), task.alloc()), cdb.u16(7));
                case ScsiOpcode.GET_CONFIGURATION -> reply(task,
                        FeatureResponses.getConfiguration(cdb, drive.state().blocks(), task.alloc()), cdb.u16(7));
                case ScsiOpcode.GET_EVENT_STATUS_NOTIFICATION -> reply(task,
                        StatusResponses.eventStatus(cdb, drive, task.alloc()), cdb.u16(7));
                case ScsiOpcode.MECHANISM_STATUS -> reply(task,
                        StatusResponses.mechanismStatus(drive.state(), task.alloc()), cdb.u16(8));
                case ScsiOpcode.MODE_SENSE_6 -> reply(task,
                        StatusResponses.modeSense(cdb, false, drive.state(), task.alloc()), cdb.u8(4));
                case ScsiOpcode.MODE_SENSE_10 -> reply(task,
                        StatusResponses.modeSense(cdb, true, drive.state(), task.alloc()), cdb.u16(7));
                case ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL -> {
                    drive.prevent(task.nexusId(), (cdb.u8(4) & 0x03) != 0);
                    task.complete();
                }
                case ScsiOpcode.START_STOP_UNIT -> startStop(task, cdb);
                case ScsiOpcode.WRITE_10, ScsiOpcode.WRITE_12, ScsiOpcode.WRITE_AND_VERIFY_10 ->
                        task.fail(SenseData.of(SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED));
                default -> task.fail(SenseData.invalidOpcode());
            }
        } catch (CheckCondition e) {
            task.fail(e.sense());
        } catch (IndexOutOfBoundsException shortCdb) {
            // checked before anything is allocated or completed: the CDB is shorter than its opcode's
            task.fail(SenseData.invalidFieldInCdb(0, -1));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: {} failed", descriptor.name(), ScsiOpcode.name(task.opcode()), e);
            task.fail(SenseData.of(SenseKey.MEDIUM_ERROR, AdditionalSense.UNRECOVERED_READ_ERROR));
        }
    }

    /** The medium's capacity in blocks, or NOT READY. */
    private long ready() throws CheckCondition {
        long blocks = drive.state().blocks();
        if (blocks < 0) {
            SenseData notReady = drive.notReady();
            throw new CheckCondition(notReady != null ? notReady
                    : SenseData.of(SenseKey.NOT_READY, AdditionalSense.MEDIUM_NOT_PRESENT));
        }
        return blocks;
    }

    private void readCapacity(DeviceTask task) throws CheckCondition {
        long blocks = ready();
        ByteBuf out = task.alloc().directBuffer(8);
        out.writeInt((int) Math.min(blocks - 1, 0xFFFFFFFFL)).writeInt(IsoImage.BLOCK_SIZE);
        task.complete(out);
    }

    private void read(DeviceTask task, long lba, long count) throws IOException, CheckCondition {
        if (count == 0) {
            done(task, drive.notReady());
            return;
        }
        if (count > MAX_TRANSFER_BLOCKS) {
            throw new CheckCondition(new SenseBuilder(SenseKey.ILLEGAL_REQUEST,
                    AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE).information(lba).build());
        }
        ByteBuf data = task.alloc().directBuffer((int) count * IsoImage.BLOCK_SIZE);
        SenseData failed;
        try {
            failed = drive.read(lba, (int) count, data);
        } catch (IOException | RuntimeException e) {
            data.release();
            throw e;
        }
        if (failed != null) {
            data.release();
            task.fail(failed);
        } else {
            task.complete(data);
        }
    }

    private void startStop(DeviceTask task, Cdb cdb) {
        int b4 = cdb.u8(4);
        boolean loadEject = (b4 & 0x02) != 0;
        boolean start = (b4 & 0x01) != 0;
        if ((b4 >> 4) != 0 || !loadEject) {
            task.complete(); // power conditions and spin up/down: nothing spins here
        } else if (start) {
            drive.load();
            task.complete();
        } else {
            done(task, drive.eject());
        }
    }

    private static void done(DeviceTask task, SenseData sense) {
        if (sense == null) {
            task.complete();
        } else {
            task.fail(sense);
        }
    }

    /** Completes with {@code data} cut to the CDB's allocation length. */
    private static void reply(DeviceTask task, ByteBuf data, int allocationLength) {
        if (data.readableBytes() > allocationLength) {
            data.writerIndex(data.readerIndex() + allocationLength);
        }
        task.complete(data);
    }

    @Override
    public void close() throws IOException {
        drive.close();
    }
}
