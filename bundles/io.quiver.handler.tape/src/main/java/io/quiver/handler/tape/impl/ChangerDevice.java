package io.quiver.handler.tape.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.CommandDescriptor;
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
 * A media changer (SMC-3, handler {@code vchanger}) over a {@link Library}: TEST UNIT READY, INITIALIZE
 * ELEMENT STATUS (and WITH RANGE: the whole library is rescanned either way, it takes no time), MODE
 * SENSE (6)/(10) with pages 1Dh, 1Eh, 1Fh, PREVENT ALLOW MEDIUM REMOVAL, MOVE MEDIUM, EXCHANGE MEDIUM
 * and READ ELEMENT STATUS. Moving a cartridge into or out of a drive loads or unloads the drive's LUN.
 *
 * <p>Threading: one device thread (see its descriptor); the library is thread-safe anyway.
 */
final class ChangerDevice implements ScsiDevice {

    static final int INITIALIZE_ELEMENT_STATUS = 0x07;
    static final int INITIALIZE_ELEMENT_STATUS_WITH_RANGE = 0x37;
    static final int EXCHANGE_MEDIUM = 0xA6;
    static final int READ_ELEMENT_STATUS = 0xB8;

    private static final Logger LOG = LoggerFactory.getLogger(ChangerDevice.class);

    private final DeviceDescriptor descriptor;
    private final Library library;
    private final List<String> driveIds;
    private final MediumRemoval removal = new MediumRemoval();

    ChangerDevice(DeviceDescriptor descriptor, Library library, List<String> driveIds) {
        this.descriptor = descriptor;
        this.library = library;
        this.driveIds = List.copyOf(driveIds);
    }

    @Override
    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    Library library() {
        return library;
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        return TapeCommands.CHANGER;
    }

    @Override
    public void nexusLost(long nexusId) {
        removal.nexusLost(nexusId);
    }

    @Override
    public void reset() {
        removal.reset();
    }

    @Override
    public Map<String, String> runtimeAttributes() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            library.inventory().forEach((barcode, where) -> m.put("cartridge_" + barcode, where));
        } catch (IOException e) {
            m.put("cartridges", "unreadable: " + e.getMessage());
        }
        return m;
    }

    @Override
    public void execute(DeviceTask task) {
        ByteBuf cdb = task.cdb();
        int b = cdb.readerIndex();
        try {
            switch (task.opcode()) {
                case ScsiOpcode.TEST_UNIT_READY -> task.complete();
                case INITIALIZE_ELEMENT_STATUS, INITIALIZE_ELEMENT_STATUS_WITH_RANGE -> {
                    library.rescan();
                    task.complete();
                }
                case ScsiOpcode.MODE_SENSE_6 -> modeSense(task, cdb, false);
                case ScsiOpcode.MODE_SENSE_10 -> modeSense(task, cdb, true);
                case ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL -> {
                    removal.prevent(task.nexusId(), (cdb.getByte(b + 4) & 0x01) != 0);
                    task.complete();
                }
                case ScsiOpcode.MOVE_MEDIUM -> TaskReplies.done(task,
                        library.move(cdb.getUnsignedShort(b + 4), cdb.getUnsignedShort(b + 6)));
                case EXCHANGE_MEDIUM -> TaskReplies.done(task, library.exchange(cdb.getUnsignedShort(b + 4),
                        cdb.getUnsignedShort(b + 6), cdb.getUnsignedShort(b + 8)));
                case READ_ELEMENT_STATUS -> readElementStatus(task, cdb, b);
                default -> task.fail(SenseData.invalidOpcode());
            }
        } catch (IndexOutOfBoundsException shortCdb) {
            task.fail(SenseData.invalidFieldInCdb(0, -1));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: {} failed", descriptor.name(), ScsiOpcode.name(task.opcode()), e);
            task.fail(SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE));
        }
    }

    private void readElementStatus(DeviceTask task, ByteBuf cdb, int b) {
        int type = cdb.getByte(b + 1) & 0x0F;
        if (type > 4) {
            task.fail(SenseData.invalidFieldInCdb(1, 3));
            return;
        }
        boolean voltag = (cdb.getByte(b + 1) & 0x10) != 0;
        boolean dvcid = (cdb.getByte(b + 6) & 0x01) != 0;
        ByteBuf data = ElementStatus.read(task.alloc(), library, type, cdb.getUnsignedShort(b + 2),
                cdb.getUnsignedShort(b + 4), voltag, dvcid, driveIds);
        TaskReplies.reply(task, data, cdb.getUnsignedMedium(b + 7));
    }

    private void modeSense(DeviceTask task, ByteBuf cdb, boolean ten) {
        int b = cdb.readerIndex();
        int pc = cdb.getUnsignedByte(b + 2) >> 6;
        int page = cdb.getByte(b + 2) & 0x3F;
        if (pc == 3) {
            task.fail(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.SAVING_PARAMETERS_NOT_SUPPORTED));
            return;
        }
        if (page != 0x3F && page != 0x1D && page != 0x1E && page != 0x1F) {
            task.fail(SenseData.invalidFieldInCdb(2, 5));
            return;
        }
        boolean changeable = pc == 1;
        ByteBuf out = task.alloc().buffer(64);
        if (ten) {
            out.writeZero(8);
        } else {
            out.writeZero(4);
        }
        if (page == 0x3F || page == 0x1D) {
            out.writeByte(0x1D).writeByte(0x12);
            if (changeable) {
                out.writeZero(18);
            } else {
                ElementMap m = library.elements();
                out.writeShort(ElementMap.TRANSPORT).writeShort(1).writeShort(ElementMap.FIRST_SLOT).writeShort(m.slots())
                        .writeShort(ElementMap.FIRST_IE).writeShort(m.ieSlots())
                        .writeShort(ElementMap.FIRST_DRIVE).writeShort(m.driveCount()).writeShort(0);
            }
        }
        if (page == 0x3F || page == 0x1E) {
            out.writeByte(0x1E).writeByte(0x02).writeByte(0).writeByte(0); // no rotation, one member
        }
        if (page == 0x3F || page == 0x1F) {
            int can = changeable ? 0 : 0x0E; // to storage, import/export and data transfer elements
            out.writeByte(0x1F).writeByte(0x12).writeByte(can).writeByte(0)
                    .writeByte(can).writeByte(can).writeByte(can).writeByte(can).writeZero(4)
                    .writeByte(can).writeByte(can).writeByte(can).writeByte(can).writeZero(4);
        }
        if (ten) {
            out.setShort(0, out.readableBytes() - 2);
        } else {
            out.setByte(0, out.readableBytes() - 1);
        }
        TaskReplies.reply(task, out, ten ? cdb.getUnsignedShort(b + 7) : cdb.getUnsignedByte(b + 4));
    }
}
