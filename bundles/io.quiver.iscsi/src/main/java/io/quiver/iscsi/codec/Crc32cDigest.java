package io.quiver.iscsi.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The iSCSI header and data digest CRC32C (RFC 7143, 13.1 and appendix B.4) over Netty buffers, with the
 * JDK's {@link CRC32C}. The digest goes on the wire least significant byte first, as RFC 7143's examples
 * show. Not thread-safe: one instance per codec.
 */
public final class Crc32cDigest {

    /** Bytes a digest takes on the wire. */
    public static final int LENGTH = 4;

    private final CRC32C crc = new CRC32C();

    public Crc32cDigest reset() {
        crc.reset();
        return this;
    }

    /** Adds {@code length} bytes of {@code buf} from {@code index} without moving its indices. */
    public Crc32cDigest update(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return this;
        }
        if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            for (ByteBuffer b : buf.nioBuffers(index, length)) {
                crc.update(b);
            }
        }
        return this;
    }

    /** Adds {@code count} zero bytes (the padding, which the data digest covers). */
    public Crc32cDigest updateZeros(int count) {
        for (int i = 0; i < count; i++) {
            crc.update(0);
        }
        return this;
    }

    /** The digest value as a little-endian wire int reads it ({@code getIntLE}). */
    public int value() {
        return (int) crc.getValue();
    }

    /** Digest of a whole readable region, in one call. */
    public int of(ByteBuf buf) {
        return reset().update(buf, buf.readerIndex(), buf.readableBytes()).value();
    }
}
