package io.quiver.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * A TPACKET_V2 receive ring of an AF_PACKET socket, shared with the kernel through {@code mmap}: fixed slots
 * of one frame each, every slot with its own {@code tp_status}, so the kernel hands each frame over as soon as
 * it has written it and wakes {@code poll} for it. A TPACKET_V3 ring ({@link PacketRing}) packs frames into
 * blocks and hands a block over only when it is full or its retire timer (at least one jiffy) ran out, which
 * is the latency of every small request/response frame; a V2 slot costs its whole size whatever the frame's,
 * so size the ring for the frames it must hold. Status words are read with acquire and written with release
 * semantics, as the kernel's barriers expect. One receiving thread at a time.
 */
public final class FrameRing implements AutoCloseable {

    /** {@code struct tpacket_req}: the V1/V2 ring request. */
    public static final StructLayout TPACKET_REQ = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_block_size"), JAVA_INT.withName("tp_block_nr"),
            JAVA_INT.withName("tp_frame_size"), JAVA_INT.withName("tp_frame_nr")).withName("tpacket_req");

    /** {@code struct tpacket2_hdr}: the head of every V2 slot. */
    public static final StructLayout TPACKET2_HDR = MemoryLayout.structLayout(
            JAVA_INT.withName("tp_status"), JAVA_INT.withName("tp_len"), JAVA_INT.withName("tp_snaplen"),
            JAVA_SHORT.withName("tp_mac"), JAVA_SHORT.withName("tp_net"),
            JAVA_INT.withName("tp_sec"), JAVA_INT.withName("tp_nsec"),
            JAVA_SHORT.withName("tp_vlan_tci"), JAVA_SHORT.withName("tp_vlan_tpid"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("tp_padding")).withName("tpacket2_hdr");

    private static final long TP_STATUS = 0;
    private static final long TP_SNAPLEN = 8;
    private static final long TP_MAC = 12;
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final PacketSocket socket;
    private final MemorySegment ring;
    private final int blockSize;
    private final int frameSize;
    private final int framesPerBlock;
    private final int slots;
    private int next;

    private FrameRing(PacketSocket socket, MemorySegment ring, int blockSize, int frameSize, int slots) {
        this.socket = socket;
        this.ring = ring;
        this.blockSize = blockSize;
        this.frameSize = frameSize;
        this.framesPerBlock = blockSize / frameSize;
        this.slots = slots;
    }

    static FrameRing map(PacketSocket socket, int blockSize, int blockCount, int frameSize) throws LinuxException {
        int slots = blockSize / frameSize * blockCount;
        try (Arena arena = Arena.ofConfined()) {
            socket.setOption(PacketSocket.PACKET_VERSION, arena.allocateFrom(JAVA_INT, PacketSocket.TPACKET_V2));
            MemorySegment req = arena.allocate(TPACKET_REQ);
            req.set(JAVA_INT, 0, blockSize);
            req.set(JAVA_INT, 4, blockCount);
            req.set(JAVA_INT, 8, frameSize);
            req.set(JAVA_INT, 12, slots);
            socket.setOption(PacketSocket.PACKET_RX_RING, req);
        }
        return new FrameRing(socket, PacketRing.mmap(socket, (long) blockSize * blockCount), blockSize, frameSize,
                slots);
    }

    /** The frames the ring holds before the kernel drops (one per slot). */
    public int slots() {
        return slots;
    }

    /** Whether the kernel has handed over a frame {@link #receive} would return now: one memory read, no call. */
    public boolean ready() {
        return ((int) INT.getAcquire(ring, offset(next) + TP_STATUS) & PacketRing.TP_STATUS_USER) != 0;
    }

    /**
     * Hands every frame the kernel has handed over to {@code handler}, in order, giving each slot back after
     * its frame; waits up to {@code timeoutMillis} for the first. Returns the frames handled (0 on timeout).
     * A frame longer than a slot arrives cut to the slot ({@code tp_snaplen}).
     */
    public int receive(PacketRing.FrameHandler handler, int timeoutMillis) throws LinuxException {
        long slot = offset(next);
        if (((int) INT.getAcquire(ring, slot + TP_STATUS) & PacketRing.TP_STATUS_USER) == 0) {
            socket.poll(PacketSocket.POLLIN, timeoutMillis);
            if (((int) INT.getAcquire(ring, slot + TP_STATUS) & PacketRing.TP_STATUS_USER) == 0) {
                return 0;
            }
        }
        int count = 0;
        do {
            try {
                int mac = Short.toUnsignedInt(ring.get(JAVA_SHORT, slot + TP_MAC));
                handler.frame(ring, slot + mac, ring.get(JAVA_INT, slot + TP_SNAPLEN));
            } finally {
                INT.setRelease(ring, slot + TP_STATUS, PacketRing.TP_STATUS_KERNEL);
                next = (next + 1) % slots;
            }
            count++;
            slot = offset(next);
        } while (count < slots && ((int) INT.getAcquire(ring, slot + TP_STATUS) & PacketRing.TP_STATUS_USER) != 0);
        return count;
    }

    /** Unmaps the ring (the socket stays open). */
    @Override
    public void close() throws LinuxException {
        PacketRing.munmap(ring);
    }

    // slots never straddle blocks: a block may end in bytes no slot uses
    private long offset(int index) {
        return (long) (index / framesPerBlock) * blockSize + (long) (index % framesPerBlock) * frameSize;
    }
}
