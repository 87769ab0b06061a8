package io.quiver.iscsi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SegmentCumulator} in the decoder, fed as a socket feeds it: each read a buffer of its own. A large
 * data segment must come out as a view over those reads (no copy), small PDUs around it intact, nothing leaked.
 */
class SegmentCumulatorTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final int READ = 16 * 1024;

    private static ByteBuf wire(boolean digests, int... dataLengths) {
        CompositeByteBuf wire = ALLOC.compositeDirectBuffer(Integer.MAX_VALUE);
        for (int length : dataLengths) {
            ByteBuf data = ALLOC.directBuffer(length);
            for (int i = 0; i < length; i++) {
                data.writeByte(i * 13 + length);
            }
            EmbeddedChannel out = new EmbeddedChannel();
            PduEncoder encoder = new PduEncoder();
            encoder.setHeaderDigest(digests);
            encoder.setDataDigest(digests);
            out.pipeline().addLast(encoder);
            assertTrue(out.writeOutbound(IscsiPdu.create(ALLOC, Opcode.SCSI_DATA_OUT, 0x80, data)
                    .setInitiatorTaskTag(length)));
            ByteBuf part;
            while ((part = out.readOutbound()) != null) {
                wire.addComponent(true, part);
            }
            out.finish();
        }
        return wire;
    }

    /** Copies the wire into separate buffers of {@code read} bytes, as socket reads arrive, and decodes. */
    private static List<IscsiPdu> decode(ByteBuf wire, boolean digests, int read, List<ByteBuf> reads) {
        PduDecoder decoder = new PduDecoder();
        decoder.setHeaderDigest(digests);
        decoder.setDataDigest(digests);
        decoder.setMaxRecvDataSegmentLength(1 << 20);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        while (wire.isReadable()) {
            ByteBuf r = ALLOC.directBuffer(read);
            wire.readBytes(r, Math.min(read, wire.readableBytes()));
            reads.add(r);
            ch.writeInbound(r);
        }
        wire.release();
        List<IscsiPdu> pdus = new ArrayList<>();
        IscsiPdu pdu;
        while ((pdu = ch.readInbound()) != null) {
            pdus.add(pdu);
        }
        assertNull(ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
        return pdus;
    }

    private static void assertData(IscsiPdu pdu, int length) {
        assertEquals(length, pdu.initiatorTaskTag());
        ByteBuf data = pdu.data();
        assertEquals(length, data.readableBytes());
        for (int i = 0; i < length; i++) {
            assertEquals((byte) (i * 13 + length), data.getByte(data.readerIndex() + i), "byte " + i);
        }
    }

    /** The buffers a segment's bytes lie in (a slice's nioBufferCount() counts its whole parent's). */
    private static int views(IscsiPdu pdu) {
        return pdu.data().nioBuffers().length;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void largeSegmentIsAViewOfTheReadsAndSmallOnesAroundItDecode(boolean digests) {
        List<ByteBuf> reads = new ArrayList<>();
        int large = 256 * 1024;
        List<IscsiPdu> pdus = decode(wire(digests, 100, large, 4096, large + 4, 8), digests, READ, reads);
        try {
            assertEquals(5, pdus.size());
            int[] lengths = {100, large, 4096, large + 4, 8};
            for (int i = 0; i < lengths.length; i++) {
                assertData(pdus.get(i), lengths[i]);
            }
            // merged, a segment is one buffer; composed, it spans one component per read (17 or 18 of them)
            assertTrue(views(pdus.get(1)) >= large / READ, "large segment copied into one buffer");
            assertTrue(views(pdus.get(3)) >= large / READ, "large segment copied into one buffer");
            assertTrue(views(pdus.get(2)) <= 2, "small segment split");
        } finally {
            pdus.forEach(IscsiPdu::release);
        }
        for (ByteBuf r : reads) {
            assertEquals(0, r.refCnt(), "a socket read leaked");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, 65536})
    void anyReadSizeDecodes(int read) {
        List<ByteBuf> reads = new ArrayList<>();
        int[] lengths = {SegmentCumulator.COMPOSE_MIN, 3, SegmentCumulator.COMPOSE_MIN - 4, 70_000, 0, 12};
        List<IscsiPdu> pdus = decode(wire(false, lengths), false, read, reads);
        try {
            assertEquals(lengths.length, pdus.size());
            for (int i = 0; i < lengths.length; i++) {
                assertData(pdus.get(i), lengths[i]);
            }
        } finally {
            pdus.forEach(IscsiPdu::release);
        }
        for (ByteBuf r : reads) {
            assertEquals(0, r.refCnt(), "a socket read leaked");
        }
    }
}
