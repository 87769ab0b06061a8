package io.quiver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.sbc.BlockStore;
import io.quiver.sbc.SbcDevice;
import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.device.DeviceDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SBC layer's share of one READ (10) or WRITE (10): CDB checks, range lock, data-in allocation, the
 * store call and completion, over a store that never blocks (so everything runs on the calling thread, as
 * for nullio) and whose I/O is a single memory copy. With {@code -prof gc} this is the per-command garbage
 * of the SBC dispatch. One device per benchmark thread.
 */
public class SbcDispatchBenchmark extends ShortRun {

    private static final int BLOCK = 512;

    @Param({"8", "2048"})
    int blocks;

    private SbcDevice device;
    private BenchTask read;
    private BenchTask write;

    @Setup
    public void setUp() {
        DeviceDescriptor d = DeviceDescriptor.builder("bench", "bench", PeripheralDeviceType.DIRECT_ACCESS_BLOCK)
                .naaId(new byte[] {0x60, 0, 0, 0, 0, 0, 0, 1}).build();
        device = new SbcDevice(d, new MemoryStore(1 << 15), SbcOptions.defaults());
        read = new BenchTask(0x28, 0, blocks, BLOCK, null);
        ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer(blocks * BLOCK).writeZero(blocks * BLOCK);
        write = new BenchTask(0x2A, 0, blocks, BLOCK, data);
    }

    @TearDown
    public void tearDown() throws Exception {
        read.close();
        write.close();
        device.close();
    }

    @Benchmark
    public ScsiStatus read10() {
        device.execute(read.reset());
        return read.status();
    }

    @Benchmark
    public ScsiStatus write10() {
        device.execute(write.reset());
        return write.status();
    }

    /** A RAM store that never blocks: reads and writes are one memory copy into or out of a direct buffer. */
    static final class MemoryStore implements BlockStore {

        private final ByteBuf blocks;
        private final int count;

        MemoryStore(int count) {
            this.count = count;
            this.blocks = ByteBufAllocator.DEFAULT.directBuffer(count * BLOCK).writeZero(count * BLOCK);
        }

        @Override
        public int blockSize() {
            return BLOCK;
        }

        @Override
        public long capacityBlocks() {
            return count;
        }

        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public void read(long lba, int n, ByteBuf dst) {
            dst.writeBytes(blocks, (int) lba * BLOCK, n * BLOCK);
        }

        @Override
        public void write(long lba, ByteBuf src, boolean forceUnitAccess) {
            blocks.setBytes((int) lba * BLOCK, src, src.readerIndex(), src.readableBytes());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            blocks.release();
        }
    }
}
