package io.quiver.iscsi.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.quiver.iscsi.pdu.DataPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import java.util.ArrayList;
import java.util.List;
import io.quiver.bench.ShortRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Framing cost per PDU: {@link PduDecoder} turning a SCSI Command PDU with immediate data into an
 * {@link IscsiPdu} (retained slices, no copy), and {@link PduEncoder} turning a Data-In PDU into its wire
 * buffers. The data segment size is a parameter: with zero copies the cost must not grow with it. In the
 * codec's package to reach the protected decode/encode hooks; one state per benchmark thread.
 */
public class PduCodecBenchmark extends ShortRun {

    @Param({"0", "4096", "262144"})
    int dataLength;

    private final List<Object> out = new ArrayList<>();
    private PduDecoder decoder;
    private ByteBuf wire;
    private PduEncoder encoder;
    private EmbeddedChannel channel;
    private ChannelHandlerContext encoderContext;
    private ByteBuf payload;

    @Setup
    public void setUp() {
        decoder = new PduDecoder();
        decoder.setMaxRecvDataSegmentLength(1 << 24);
        wire = PooledByteBufAllocator.DEFAULT.directBuffer(IscsiPdu.BHS_LENGTH + dataLength);
        wire.writeByte(0x01).writeByte(0xA1).writeShort(0);           // SCSI Command, F W, SIMPLE
        wire.writeByte(0).writeMedium(dataLength);                     // TotalAHSLength, DataSegmentLength
        wire.writeLong(0).writeInt(1).writeInt(dataLength);            // LUN, ITT, EDTL
        wire.writeInt(1).writeInt(1);                                  // CmdSN, ExpStatSN
        wire.writeByte(0x2A).writeZero(15);                            // WRITE (10)
        wire.writeZero(dataLength);
        encoder = new PduEncoder();
        channel = new EmbeddedChannel(encoder);
        encoderContext = channel.pipeline().context(encoder);
        payload = PooledByteBufAllocator.DEFAULT.directBuffer(dataLength).writeZero(dataLength);
    }

    @TearDown
    public void tearDown() {
        wire.release();
        payload.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int decodeScsiCommand() {
        ByteBuf in = wire.retainedDuplicate();
        decoder.decode(null, in, out);
        IscsiPdu pdu = (IscsiPdu) out.get(0);
        int length = pdu.dataSegmentLength();
        out.clear();
        pdu.release();
        in.release();
        return length;
    }

    @Benchmark
    public int encodeDataIn() {
        IscsiPdu pdu = DataPdu.dataIn(PooledByteBufAllocator.DEFAULT, 0, 1, 0, 0, true, payload.retainedSlice());
        encoder.encode(encoderContext, pdu, out);
        int parts = out.size();
        for (Object part : out) {
            ReferenceCountUtil.release(part);
        }
        out.clear();
        pdu.release();
        return parts;
    }
}
