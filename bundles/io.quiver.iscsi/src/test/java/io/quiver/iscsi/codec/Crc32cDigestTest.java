package io.quiver.iscsi.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import org.junit.jupiter.api.Test;

/** The CRC32C examples of RFC 7143 appendix B.4, as bytes on the wire. */
class Crc32cDigestTest {

    private static int wire(int b0, int b1, int b2, int b3) {
        return b0 | b1 << 8 | b2 << 16 | b3 << 24;
    }

    private static int digestOf(byte[] bytes) {
        ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes);
        try {
            return new Crc32cDigest().of(b);
        } finally {
            b.release();
        }
    }

    @Test
    void rfcExamples() {
        assertEquals(wire(0xaa, 0x36, 0x91, 0x8a), digestOf(new byte[32]));
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertEquals(wire(0x43, 0xab, 0xa8, 0x62), digestOf(ones));
        byte[] up = new byte[32];
        for (int i = 0; i < 32; i++) {
            up[i] = (byte) i;
        }
        assertEquals(wire(0x4e, 0x79, 0xdd, 0x46), digestOf(up));
    }

    @Test
    void compositeEqualsContiguous() {
        CompositeByteBuf c = ByteBufAllocator.DEFAULT.compositeDirectBuffer();
        c.addComponent(true, ByteBufAllocator.DEFAULT.directBuffer().writeZero(10));
        c.addComponent(true, ByteBufAllocator.DEFAULT.heapBuffer().writeZero(22));
        try {
            assertEquals(wire(0xaa, 0x36, 0x91, 0x8a), new Crc32cDigest().of(c));
            assertEquals(new Crc32cDigest().reset().update(c, 0, 20).updateZeros(12).value(), new Crc32cDigest().of(c));
        } finally {
            c.release();
        }
    }
}
