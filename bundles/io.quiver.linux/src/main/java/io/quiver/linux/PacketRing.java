package io.quiver.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.quiver.linux.impl.Native;
import io.quiver.linux.impl.Native.Scratch;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * A TPACKET_V3 ring of an AF_PACKET socket, shared with the kernel through {@code mmap}: a receive ring of
 * blocks the kernel fills and hands over whole ({@link #receive}), or a transmit ring of fixed frames the
 * caller fills and the kernel sends on {@link #flush} ({@link #offer}). Status words are read with acquire
 * and written with release semantics, as the kernel's barriers expect. One thread at a time per ring. A V3
 * receive block reaches the reader only when full or when its retire timer (at least a jiffy) runs out: for
 * small request/response frames that timer is the latency, which {@link FrameRing} (TPACKET_V2) does not have.
 */
public final class PacketRing implements AutoCloseable {

    public static final int TP_STATUS_KERNEL = 0;
    public static final int TP_STATUS_USER = 1;
    public static final int TP_STATUS_AVAILABLE = 0;
    public static final int TP_STATUS_SEND_REQUEST = 1;
    public static final int TP_STATUS_SENDING = 2;
    public static final int TP_STATUS_WRONG_FORMAT = 4;
    /** Where a transmitted frame's bytes start: {@code TPACKET_ALIGN(sizeof(struct tpacket3_hdr))}. */
    public static final int TX_DATA_OFFSET = 48;

    /** {@code struct tpacket_req3}. */
    public static final StructLayout TPACKET_REQ3 = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_block_size"), JAVA_INT.withName("tp_block_nr"),
            JAVA_INT.withName("tp_frame_size"), JAVA_INT.withName("tp_frame_nr"),
            JAVA_INT.withName("tp_retire_blk_tov"), JAVA_INT.withName("tp_sizeof_priv"),
            JAVA_INT.withName("tp_feature_req_word")).withName("tpacket_req3");

    private static final StructLayout BD_TS = MemoryLayout.structLayout(
            JAVA_INT.withName("ts_sec"), JAVA_INT.withName("ts_usec")).withName("ts");

    /** {@code struct tpacket_block_desc} with its {@code tpacket_hdr_v1} ({@code hdr.bh1}). */
    public static final StructLayout TPACKET_BLOCK_DESC = MemoryLayout.structLayout(
            JAVA_INT.withName("version"), JAVA_INT.withName("offset_to_priv"),
            MemoryLayout.structLayout(MemoryLayout.structLayout(
                    JAVA_INT.withName("block_status"), JAVA_INT.withName("num_pkts"),
                    JAVA_INT.withName("offset_to_first_pkt"), JAVA_INT.withName("blk_len"),
                    JAVA_LONG.withName("seq_num"),
                    BD_TS.withName("ts_first_pkt"), BD_TS.withName("ts_last_pkt")).withName("bh1"))
                    .withName("hdr")).withName("tpacket_block_desc");

    /** {@code struct tpacket3_hdr} with its {@code tpacket_hdr_variant1} ({@code hv1}). */
    public static final StructLayout TPACKET3_HDR = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_next_offset"), JAVA_INT.withName("tp_sec"), JAVA_INT.withName("tp_nsec"),
            JAVA_INT.withName("tp_snaplen"), JAVA_INT.withName("tp_len"), JAVA_INT.withName("tp_status"),
            JAVA_SHORT.withName("tp_mac"), JAVA_SHORT.withName("tp_net"),
            MemoryLayout.structLayout(JAVA_INT.withName("tp_rxhash"), JAVA_INT.withName("tp_vlan_tci"),
                    JAVA_SHORT.withName("tp_vlan_tpid"), JAVA_SHORT.withName("tp_padding")).withName("hv1"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("tp_padding")).withName("tpacket3_hdr");

    private static final long BLOCK_STATUS = 8;
    private static final long NUM_PKTS = 12;
    private static final long FIRST_PKT = 16;
    private static final long NEXT_OFFSET = 0;
    private static final long SNAPLEN = 12;
    private static final long TP_LEN = 16;
    private static final long TP_STATUS = 20;
    private static final long TP_MAC = 24;
    private static final VarHandle INT = JAVA_INT.varHandle();

    private static final MethodHandle MMAP = Native.libc("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = Native.libc("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private final PacketSocket socket;
    private final boolean transmit;
    private final MemorySegment ring;
    private final int blockSize;
    private final int slots;
    private final int slotSize;
    private final int slotsPerBlock;
    private int next;

    private PacketRing(PacketSocket socket, boolean transmit, MemorySegment ring, int blockSize, int slots,
            int slotSize) {
        this.socket = socket;
        this.transmit = transmit;
        this.ring = ring;
        this.blockSize = blockSize;
        this.slots = slots;
        this.slotSize = slotSize;
        this.slotsPerBlock = blockSize / slotSize;
    }

    /** Receives one frame's bytes: {@code length} bytes of {@code ring} at {@code offset}, valid during the call. */
    @FunctionalInterface
    public interface FrameHandler {
        void frame(MemorySegment ring, long offset, int length);
    }

    static PacketRing map(PacketSocket socket, boolean transmit, int blockSize, int blockCount, int frameSize,
            int retireMillis) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocateFrom(JAVA_INT, PacketSocket.TPACKET_V3);
            socket.setOption(PacketSocket.PACKET_VERSION, version);
            MemorySegment req = arena.allocate(TPACKET_REQ3);
            int frames = blockSize / frameSize * blockCount;
            req.set(JAVA_INT, 0, blockSize);
            req.set(JAVA_INT, 4, blockCount);
            req.set(JAVA_INT, 8, frameSize);
            req.set(JAVA_INT, 12, frames);
            req.set(JAVA_INT, 16, transmit ? 0 : retireMillis);
            socket.setOption(transmit ? PacketSocket.PACKET_TX_RING : PacketSocket.PACKET_RX_RING, req);
        }
        MemorySegment ring = mmap(socket, (long) blockSize * blockCount);
        return transmit
                ? new PacketRing(socket, true, ring, blockSize, blockSize / frameSize * blockCount, frameSize)
                : new PacketRing(socket, false, ring, blockSize, blockCount, blockSize);
    }

    /**
     * Hands every frame of the next block the kernel has retired to {@code handler}, then gives the block
     * back; waits up to {@code timeoutMillis} for one. Returns the frames handled (0 on timeout).
     */
    public int receive(FrameHandler handler, int timeoutMillis) throws LinuxException {
        long block = (long) next * blockSize;
        if (((int) INT.getAcquire(ring, block + BLOCK_STATUS) & TP_STATUS_USER) == 0) {
            socket.poll(PacketSocket.POLLIN, timeoutMillis);
            if (((int) INT.getAcquire(ring, block + BLOCK_STATUS) & TP_STATUS_USER) == 0) {
                return 0;
            }
        }
        int count = ring.get(JAVA_INT, block + NUM_PKTS);
        long frame = block + ring.get(JAVA_INT, block + FIRST_PKT);
        for (int i = 0; i < count; i++) {
            int mac = Short.toUnsignedInt(ring.get(JAVA_SHORT, frame + TP_MAC));
            handler.frame(ring, frame + mac, ring.get(JAVA_INT, frame + SNAPLEN));
            frame += ring.get(JAVA_INT, frame + NEXT_OFFSET);
        }
        INT.setRelease(ring, block + BLOCK_STATUS, TP_STATUS_KERNEL);
        next = (next + 1) % slots;
        return count;
    }

    /**
     * Copies one whole frame into the next free slot of a transmit ring and marks it for sending: false if
     * every slot is still waiting to be sent (call {@link #flush}) or the frame does not fit a slot.
     */
    public boolean offer(MemorySegment frame, long offset, int length) {
        // slots never straddle blocks: a block may end in bytes no slot uses
        long slot = (long) (next / slotsPerBlock) * blockSize + (long) (next % slotsPerBlock) * slotSize;
        int status = (int) INT.getAcquire(ring, slot + TP_STATUS);
        if ((status & (TP_STATUS_SEND_REQUEST | TP_STATUS_SENDING)) != 0 || length > slotSize - TX_DATA_OFFSET) {
            return false;
        }
        MemorySegment.copy(frame, offset, ring, slot + TX_DATA_OFFSET, length);
        ring.set(JAVA_INT, slot + TP_LEN, length);
        ring.set(JAVA_INT, slot + SNAPLEN, length);
        ring.set(JAVA_INT, slot + NEXT_OFFSET, 0);
        INT.setRelease(ring, slot + TP_STATUS, TP_STATUS_SEND_REQUEST);
        next = (next + 1) % slots;
        return true;
    }

    /** Asks the kernel to send every frame offered so far and waits until it has: the bytes sent. */
    public int flush() throws LinuxException {
        if (!transmit) {
            throw new IllegalStateException("not a transmit ring");
        }
        return socket.kick(0);
    }

    /** Unmaps the ring (the socket stays open). */
    @Override
    public void close() throws LinuxException {
        munmap(ring);
    }

    /** Maps the {@code size} bytes of the ring the kernel just made on {@code socket} (also {@link FrameRing}'s). */
    @SuppressWarnings("restricted") // mmap's result is sized by the ring the kernel just made
    static MemorySegment mmap(PacketSocket socket, long size) throws LinuxException {
        Scratch s = Native.scratch();
        MemorySegment base;
        try {
            base = (MemorySegment) MMAP.invokeExact(s.state, MemorySegment.NULL, size, 3 /* PROT_READ|WRITE */,
                    1 /* MAP_SHARED */, socket.fd(), 0L);
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        if (base.address() == -1L) {
            throw new LinuxException("mmap(packet ring, " + size + ")", Native.errno(s));
        }
        return base.reinterpret(size);
    }

    static void munmap(MemorySegment ring) throws LinuxException {
        Scratch s = Native.scratch();
        int rc;
        try {
            rc = (int) MUNMAP.invokeExact(s.state, ring, ring.byteSize());
        } catch (Throwable t) {
            throw Native.linkageFailure(t);
        }
        Native.check(rc, s, "munmap(packet ring)");
    }
}
