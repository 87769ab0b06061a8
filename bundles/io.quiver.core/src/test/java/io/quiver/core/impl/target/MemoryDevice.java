package io.quiver.core.impl.target;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.CommandDescriptor;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small test disk over a pooled ByteBuf with 512-byte blocks: TEST UNIT READY, READ 10, WRITE 10,
 * VPD B0h, and a vendor-specific HOLD command (C0h) that parks the task until the test releases it.
 * Records the order in which tasks reach it, their nexus ids, and the nexus loss and reset callbacks. Call {@link #free()} at the end of a test.
 */
class MemoryDevice implements ScsiDevice {

    static final int HOLD = 0xC0;
    static final int BLOCK = 512;

    final ByteBuf store;
    final List<Integer> executed = new CopyOnWriteArrayList<>();
    final BlockingQueue<DeviceTask> held = new LinkedBlockingQueue<>();
    /** The nexus callbacks in order: "lost:" + nexus id, "reset". */
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Long> nexusIds = new CopyOnWriteArrayList<>();
    volatile DeviceDescriptor descriptor;
    volatile DeviceContext context;

    MemoryDevice(String name, int blocks) {
        this(DeviceDescriptor.builder(name, "test", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .naaId(new byte[] {0x50, 1, 2, 3, 4, 5, 6, 7}).unitSerialNumber("SN-" + name).build(), blocks);
    }

    MemoryDevice(DeviceDescriptor descriptor, int blocks) {
        this.descriptor = descriptor;
        this.store = ByteBufAllocator.DEFAULT.directBuffer(blocks * BLOCK);
        store.writeZero(blocks * BLOCK);
    }

    void free() {
        store.release();
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

    @Override
    public void nexusLost(long nexusId) {
        events.add("lost:" + nexusId);
    }

    @Override
    public void reset() {
        events.add("reset");
    }

    @Override
    public List<Integer> vpdPages() {
        return List.of(0xB0);
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        return List.of(new CommandDescriptor(ScsiOpcode.TEST_UNIT_READY, -1, new byte[] {0, 0, 0, 0, 0, 0}),
                new CommandDescriptor(ScsiOpcode.READ_10, -1, new byte[] {0x28, 0, -1, -1, -1, -1, 0, -1, -1, 0}));
    }

    @Override
    public void execute(DeviceTask task) {
        executed.add(task.opcode());
        nexusIds.add(task.nexusId());
        ByteBuf cdb = task.cdb();
        int base = cdb.readerIndex();
        switch (task.opcode()) {
            case ScsiOpcode.TEST_UNIT_READY:
                task.complete();
                break;
            case HOLD:
                held.add(task);
                break;
            case ScsiOpcode.INQUIRY: {
                ByteBuf out = task.alloc().buffer(8);
                out.writeByte(0).writeByte(0xB0).writeShort(4).writeInt(0x12345678);
                task.complete(out);
                break;
            }
            case ScsiOpcode.READ_10: {
                int lba = cdb.getInt(base + 2);
                int count = cdb.getUnsignedShort(base + 7);
                ByteBuf out = task.alloc().buffer(count * BLOCK);
                out.writeBytes(store, lba * BLOCK, count * BLOCK);
                task.complete(out);
                break;
            }
            case ScsiOpcode.WRITE_10: {
                if (task.writeProtected()) {
                    task.fail(SenseData.of(SenseKey.DATA_PROTECT, AdditionalSense.WRITE_PROTECTED));
                    return;
                }
                int lba = cdb.getInt(base + 2);
                int count = cdb.getUnsignedShort(base + 7);
                task.receiveDataOut(count * BLOCK).whenComplete((buf, err) -> {
                    if (err == null) {
                        store.setBytes(lba * BLOCK, buf, buf.readerIndex(), buf.readableBytes());
                        buf.release();
                        task.complete();
                    }
                });
                break;
            }
            default:
                task.fail(SenseData.invalidOpcode());
        }
    }

    /** The next held task, waiting up to 5 s. */
    DeviceTask nextHeld() throws InterruptedException {
        DeviceTask t = held.poll(5, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("no task reached the device");
        }
        return t;
    }
}
