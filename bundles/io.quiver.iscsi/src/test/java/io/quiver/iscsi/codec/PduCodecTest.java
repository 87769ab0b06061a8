package io.quiver.iscsi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.iscsi.pdu.RejectPdu;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Encoder and decoder with {@link EmbeddedChannel}: every opcode round-trips with and without digests while
 * the bytes arrive in small fragments; malformed input becomes a {@link MalformedPdu}; nothing leaks.
 */
class PduCodecTest {

    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static IscsiPdu sample(Opcode op, int dataLength) {
        ByteBuf data = ALLOC.directBuffer(dataLength);
        for (int i = 0; i < dataLength; i++) {
            data.writeByte(i * 7);
        }
        return IscsiPdu.create(ALLOC, op, 0x80, data).setInitiatorTaskTag(0x1234).setLun(0x0001000000000000L)
                .setInt(24, 77);
    }

    /** Encodes through a PduEncoder and returns the wire bytes as one buffer. */
    private static ByteBuf encode(IscsiPdu pdu, boolean digests) {
        EmbeddedChannel out = new EmbeddedChannel();
        PduEncoder encoder = new PduEncoder();
        encoder.setHeaderDigest(digests);
        encoder.setDataDigest(digests);
        out.pipeline().addLast(encoder);
        assertTrue(out.writeOutbound(pdu));
        CompositeByteBuf wire = ALLOC.compositeDirectBuffer(64);
        ByteBuf part;
        while ((part = out.readOutbound()) != null) {
            wire.addComponent(true, part);
        }
        assertFalse(out.finish());
        return wire;
    }

    private static EmbeddedChannel decoder(boolean digests, int maxRecv) {
        PduDecoder decoder = new PduDecoder();
        decoder.setHeaderDigest(digests);
        decoder.setDataDigest(digests);
        decoder.setMaxRecvDataSegmentLength(maxRecv);
        return new EmbeddedChannel(decoder);
    }

    private static void feed(EmbeddedChannel ch, ByteBuf wire, int fragment) {
        while (wire.isReadable()) {
            ch.writeInbound(wire.readRetainedSlice(Math.min(fragment, wire.readableBytes())));
        }
        wire.release();
    }

    @ParameterizedTest
    @EnumSource(Opcode.class)
    void everyOpcodeRoundTripsInFragments(Opcode op) {
        for (boolean digests : new boolean[] {false, true}) {
            for (int length : new int[] {0, 1, 5, 4096}) {
                ByteBuf wire = encode(sample(op, length), digests);
                int padded = (length + 3) & ~3;
                assertEquals(48 + padded + (digests ? 4 + (length > 0 ? 4 : 0) : 0), wire.readableBytes());
                EmbeddedChannel ch = decoder(digests, 8192);
                feed(ch, wire, 5);
                IscsiPdu pdu = ch.readInbound();
                try {
                    assertEquals(op, pdu.opcode());
                    assertEquals(0x1234, pdu.initiatorTaskTag());
                    assertEquals(0x0001000000000000L, pdu.lun());
                    assertEquals(77, pdu.intAt(24));
                    assertEquals(length, pdu.data().readableBytes());
                    for (int i = 0; i < length; i++) {
                        assertEquals((byte) (i * 7), pdu.data().getByte(i));
                    }
                } finally {
                    pdu.release();
                }
                assertNull(ch.readInbound());
                assertFalse(ch.finishAndReleaseAll());
            }
        }
    }

    @Test
    void additionalHeaderSegmentIsFramed() {
        ByteBuf ahs = ALLOC.directBuffer(8).writeShort(5).writeByte(1).writeByte(0).writeInt(0xCAFEBABE);
        ByteBuf bhs = ALLOC.directBuffer(48).writeZero(48);
        bhs.setByte(0, Opcode.SCSI_COMMAND.code());
        IscsiPdu pdu = new IscsiPdu(bhs, ahs, ALLOC.directBuffer().writeBytes("abc".getBytes(StandardCharsets.US_ASCII)));
        ByteBuf wire = encode(pdu, true);
        EmbeddedChannel ch = decoder(true, 8192);
        feed(ch, wire, 3);
        IscsiPdu got = ch.readInbound();
        assertEquals(8, got.totalAhsLength());
        assertEquals(0xCAFEBABE, got.ahs().getInt(4));
        assertEquals("abc", got.data().toString(StandardCharsets.US_ASCII));
        got.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void severalPdusInOneRead() {
        CompositeByteBuf wire = ALLOC.compositeDirectBuffer();
        wire.addComponent(true, encode(sample(Opcode.NOP_OUT, 10), false));
        wire.addComponent(true, encode(sample(Opcode.SCSI_DATA_OUT, 512), false));
        EmbeddedChannel ch = decoder(false, 8192);
        ch.writeInbound(wire);
        IscsiPdu a = ch.readInbound();
        IscsiPdu b = ch.readInbound();
        assertEquals(Opcode.NOP_OUT, a.opcode());
        assertEquals(Opcode.SCSI_DATA_OUT, b.opcode());
        a.release();
        b.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @ParameterizedTest
    @ValueSource(ints = {8193, 0xFFFFFF})
    void dataSegmentBeyondLimitIsRefusedBeforeReadingIt(int length) {
        ByteBuf bhs = ALLOC.directBuffer(48).writeZero(48);
        bhs.setByte(0, Opcode.SCSI_DATA_OUT.code());
        bhs.setMedium(5, length);
        EmbeddedChannel ch = decoder(false, 8192);
        ch.writeInbound(bhs);
        MalformedPdu bad = ch.readInbound();
        assertTrue(bad.isFatal());
        assertEquals(RejectPdu.PROTOCOL_ERROR, bad.rejectReason());
        bad.release();
        // Framing is lost: what follows is discarded.
        ch.writeInbound(encode(sample(Opcode.NOP_OUT, 0), false));
        assertNull(ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void reservedOpcodeIsMalformed() {
        ByteBuf bhs = ALLOC.directBuffer(48).writeZero(48);
        bhs.setByte(0, 0x1C);
        EmbeddedChannel ch = decoder(false, 8192);
        ch.writeInbound(bhs);
        MalformedPdu bad = ch.readInbound();
        assertTrue(bad.isFatal());
        bad.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void headerDigestErrorIsFatal() {
        ByteBuf wire = encode(sample(Opcode.NOP_OUT, 4), true);
        wire.setByte(48, wire.getByte(48) ^ 1);
        EmbeddedChannel ch = decoder(true, 8192);
        feed(ch, wire, 7);
        MalformedPdu bad = ch.readInbound();
        assertTrue(bad.isFatal());
        assertInstanceOf(ByteBuf.class, bad.bhs());
        bad.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void dataDigestErrorRejectsOnePduAndGoesOn() {
        CompositeByteBuf wire = ALLOC.compositeDirectBuffer();
        ByteBuf broken = encode(sample(Opcode.SCSI_DATA_OUT, 16), true);
        broken.setByte(52, broken.getByte(52) ^ 0x40);
        wire.addComponent(true, broken);
        wire.addComponent(true, encode(sample(Opcode.NOP_OUT, 0), true));
        EmbeddedChannel ch = decoder(true, 8192);
        feed(ch, wire, 11);
        MalformedPdu bad = ch.readInbound();
        assertFalse(bad.isFatal());
        assertEquals(RejectPdu.DATA_DIGEST_ERROR, bad.rejectReason());
        bad.release();
        IscsiPdu next = ch.readInbound();
        assertEquals(Opcode.NOP_OUT, next.opcode());
        next.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void partialPduIsReleasedWhenTheConnectionCloses() {
        ByteBuf wire = encode(sample(Opcode.SCSI_DATA_OUT, 100), false);
        EmbeddedChannel ch = decoder(false, 8192);
        ch.writeInbound(wire.readRetainedSlice(70));
        wire.release();
        assertNull(ch.readInbound());
        assertFalse(ch.finishAndReleaseAll());
    }
}
