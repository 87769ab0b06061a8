package io.quiver.handler.rbd.impl;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.LinuxException;
import io.quiver.linux.RbdImage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A read or write between an RBD image and a range of a Netty buffer without copying: one librbd request per
 * component of the buffer (a composite data-out buffer has several), all submitted before the first is awaited,
 * each on the component's own native memory. Only a heap component (never a pooled direct buffer) is bounced
 * through native memory. Stateless; called on the device's I/O threads, whose thread it blocks until every
 * request has completed.
 */
final class BufferTransfer {

    private BufferTransfer() {
    }

    /** All components of {@code buf}'s range in flight at once; waits for every one before returning. */
    static void run(RbdImage image, long offset, ByteBuf buf, int index, int length, boolean read)
            throws IOException {
        ByteBuffer[] parts = buf.nioBuffers(index, length);
        MemorySegment[] bounce = new MemorySegment[parts.length];
        List<RbdImage.Completion> inflight = new ArrayList<>(parts.length);
        try (Arena arena = Arena.ofConfined()) {
            IOException failure = null;
            try {
                long at = offset;
                for (int i = 0; i < parts.length; i++) {
                    MemorySegment seg = MemorySegment.ofBuffer(parts[i]);
                    if (!parts[i].isDirect()) {
                        // librbd needs native memory; pooled direct buffers never get here
                        bounce[i] = arena.allocate(seg.byteSize());
                        if (!read) {
                            bounce[i].copyFrom(seg);
                        }
                        seg = bounce[i];
                    }
                    inflight.add(read ? image.read(at, seg) : image.write(at, seg));
                    at += seg.byteSize();
                }
            } catch (LinuxException e) {
                failure = e;
            }
            // every submitted request is awaited, even after a failure: its buffer must outlive it
            for (RbdImage.Completion c : inflight) {
                try {
                    c.await();
                } catch (LinuxException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            for (int i = 0; read && i < parts.length; i++) {
                if (bounce[i] != null) {
                    MemorySegment.ofBuffer(parts[i]).copyFrom(bounce[i]);
                }
            }
        }
    }
}
