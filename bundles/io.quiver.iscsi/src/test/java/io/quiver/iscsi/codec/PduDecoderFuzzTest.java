package io.quiver.iscsi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quiver.iscsi.pdu.IscsiPdu;
import java.util.SplittableRandom;

/**
 * Fuzzes the framing: any byte stream, cut into fragments at points the input chooses, must come out of the
 * decoder as PDUs and malformed-PDU reports only: no exception, every buffer released (the allocator counts
 * the direct memory still held). The first input byte picks digests, the segment limit and the cut points.
 * Seeds: {@code PduDecoderFuzzTestInputs/framesOrReports/}. Long run: see docs/reliability.md.
 */
class PduDecoderFuzzTest {

    /** Entry point for a standalone Jazzer run ({@code --target_class}). */
    public static void fuzzerTestOneInput(byte[] input) {
        new PduDecoderFuzzTest().framesOrReports(input);
    }

    @FuzzTest(maxDuration = "10m")
    void framesOrReports(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xFF;
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);
        PduDecoder decoder = new PduDecoder();
        decoder.setHeaderDigest((control & 1) != 0);
        decoder.setDataDigest((control & 2) != 0);
        decoder.setMaxRecvDataSegmentLength((control & 4) != 0 ? 512 : PduDecoder.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(decoder);
        SplittableRandom cuts = new SplittableRandom(control);
        int limit = (control & 4) != 0 ? 512 : PduDecoder.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;
        for (int i = 1; i < input.length;) {
            int n = Math.min(input.length - i, 1 + cuts.nextInt(control >= 128 ? 7 : 96));
            ch.writeInbound(alloc.directBuffer(n).writeBytes(input, i, n));
            i += n;
            drain(ch, limit);
        }
        ch.finish();
        drain(ch, limit);
        assertEquals(0, alloc.metric().usedDirectMemory(), "buffers not released");
    }

    private static void drain(EmbeddedChannel ch, int limit) {
        Object m;
        while ((m = ch.readInbound()) != null) {
            if (m instanceof IscsiPdu) {
                IscsiPdu pdu = (IscsiPdu) m;
                try {
                    assertEquals(IscsiPdu.BHS_LENGTH, pdu.bhs().readableBytes());
                    int dsl = pdu.bhs().getUnsignedMedium(pdu.bhs().readerIndex() + 5);
                    assertEquals(dsl, pdu.data().readableBytes(), "data segment as announced");
                    if (dsl > limit) {
                        fail("segment beyond MaxRecvDataSegmentLength framed: " + dsl);
                    }
                } finally {
                    pdu.release();
                }
            } else if (m instanceof MalformedPdu) {
                ((MalformedPdu) m).release();
            } else {
                fail("unexpected message " + m);
            }
        }
    }
}
