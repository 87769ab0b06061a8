package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@code struct rdma_conn_param}: written for {@code rdma_connect} and {@code rdma_accept}, read from the
 * {@code param.conn} of a connect request or reject event. Stateless.
 */
final class ConnParam {

    /** Retries of the transport and of receiver-not-ready: 7 is "infinite" for RNR, the most for both. */
    private static final byte RETRIES = 7;

    private ConnParam() {
    }

    /** A conn_param in {@code arena} carrying a copy of {@code privateData}'s readable bytes. */
    static MemorySegment of(Arena arena, ByteBuf privateData, int responderResources, int initiatorDepth) {
        MemorySegment param = arena.allocate(Layouts.CONN_PARAM_SIZE, 8);
        int length = privateData.readableBytes();
        MemorySegment data = copy(arena, privateData);
        param.set(ADDRESS, Layouts.CONN_PRIVATE_DATA, data);
        param.set(JAVA_BYTE, Layouts.CONN_PRIVATE_DATA_LEN, (byte) length);
        param.set(JAVA_BYTE, Layouts.CONN_RESPONDER_RESOURCES, (byte) responderResources);
        param.set(JAVA_BYTE, Layouts.CONN_INITIATOR_DEPTH, (byte) initiatorDepth);
        param.set(JAVA_BYTE, Layouts.CONN_RETRY_COUNT, RETRIES);
        param.set(JAVA_BYTE, Layouts.CONN_RNR_RETRY_COUNT, RETRIES);
        return param;
    }

    /** {@code privateData}'s readable bytes in {@code arena} (NULL when there are none). */
    static MemorySegment copy(Arena arena, ByteBuf privateData) {
        int length = privateData.readableBytes();
        if (length == 0) {
            return MemorySegment.NULL;
        }
        byte[] bytes = new byte[length];
        privateData.getBytes(privateData.readerIndex(), bytes);
        return arena.allocateFrom(JAVA_BYTE, bytes);
    }

    /** The private data of an event's {@code param.conn}, copied. */
    @SuppressWarnings("restricted") // the private data pointer librdmacm fills in
    static byte[] privateData(MemorySegment event) {
        MemorySegment conn = event.asSlice(Layouts.CM_EVENT_PARAM, Layouts.CONN_PARAM_SIZE);
        MemorySegment data = conn.get(ADDRESS, Layouts.CONN_PRIVATE_DATA);
        int length = Byte.toUnsignedInt(conn.get(JAVA_BYTE, Layouts.CONN_PRIVATE_DATA_LEN));
        if (data.address() == 0 || length == 0) {
            return new byte[0];
        }
        return data.reinterpret(length).toArray(JAVA_BYTE);
    }

    /** An event's {@code param.conn} byte at {@code offset} (initiator depth, responder resources). */
    static int field(MemorySegment event, long offset) {
        return Byte.toUnsignedInt(event.get(JAVA_BYTE, Layouts.CM_EVENT_PARAM + offset));
    }
}
