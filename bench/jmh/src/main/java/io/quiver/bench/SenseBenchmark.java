package io.quiver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Building and encoding the sense data of a CHECK CONDITION (SPC-4 4.5), fixed and descriptor format, into
 * a reused pooled buffer: what an error costs per command.
 */
public class SenseBenchmark extends ShortRun {

    @Param({"false", "true"})
    boolean descriptorFormat;

    private ByteBuf out;

    @Setup
    public void setUp() {
        out = PooledByteBufAllocator.DEFAULT.directBuffer(256);
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    @Benchmark
    public int lbaOutOfRange() {
        SenseData sense = SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        out.clear();
        sense.encode(out, descriptorFormat);
        return out.writerIndex() + sense.encodedLength(descriptorFormat);
    }
}
