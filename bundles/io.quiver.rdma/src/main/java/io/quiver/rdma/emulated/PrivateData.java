package io.quiver.rdma.emulated;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.quiver.rdma.RdmaException;

/** The IB CM private-data limits, enforced as librdmacm does (EINVAL), and the copy the CM message carries. */
final class PrivateData {
    private PrivateData() {
    }

    /** A copy of {@code data}'s readable bytes (none when null); the caller keeps the buffer. */
    static byte[] copy(String operation, ByteBuf data, int limit) throws RdmaException {
        if (data == null) {
            return new byte[0];
        }
        if (data.readableBytes() > limit) {
            throw new RdmaException(operation + ": " + data.readableBytes() + " bytes of private data exceed the "
                    + limit + " the IB CM carries (EINVAL)");
        }
        return ByteBufUtil.getBytes(data);
    }
}
