package io.quiver.rdma.verbs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.WorkRequestType;

/**
 * The data part of {@link VerbsSelfCheck}: RDMA WRITEs into and READs from the peer's registered region for
 * each size (from registered memory and, once, through a bounce buffer from the heap), bytes compared on the
 * other side, and the RDMA WRITE throughput of 8 MiB writes eight at a time. Single-threaded.
 */
final class Transfers {

    private final VerbsSelfCheck check;
    private final RdmaEndpoint active;
    private final RecordingHandler client;
    private final ByteBuf region;
    private final MemoryRegion remote;

    Transfers(VerbsSelfCheck check, RdmaEndpoint active, RecordingHandler client, ByteBuf region, MemoryRegion remote) {
        this.check = check;
        this.active = active;
        this.client = client;
        this.region = region;
        this.remote = remote;
    }

    void run(int[] sizes) throws Exception {
        long id = 100;
        for (int size : sizes) {
            byte[] data = VerbsSelfCheck.random(size, size);
            active.rdmaWrite(active.allocator().directBuffer(size).writeBytes(data), remote.address(), remote.rkey(), ++id, true);
            RecordingHandler.Completion w = client.next();
            byte[] landed = new byte[size];
            region.getBytes(0, landed);
            check.report("rdma_write_" + size, VerbsSelfCheck.succeeded(w, id, WorkRequestType.RDMA_WRITE)
                    && VerbsSelfCheck.same(data, landed), String.valueOf(w));

            byte[] source = VerbsSelfCheck.random(size, ~size);
            region.setBytes(0, source);
            ByteBuf target = active.allocator().directBuffer(size);
            active.rdmaRead(target, size, remote.address(), remote.rkey(), ++id);
            RecordingHandler.Completion r = client.next();
            boolean ok = VerbsSelfCheck.succeeded(r, id, WorkRequestType.RDMA_READ) && target.readableBytes() == size
                    && VerbsSelfCheck.same(source, VerbsSelfCheck.ByteBufBytes.of(target));
            target.release();
            check.report("rdma_read_" + size, ok, String.valueOf(r));
        }
        byte[] heap = VerbsSelfCheck.random(65536, 7);
        active.rdmaWrite(Unpooled.wrappedBuffer(heap), remote.address() + 4096, remote.rkey(), ++id, true);
        RecordingHandler.Completion w = client.next();
        byte[] landed = new byte[heap.length];
        region.getBytes(4096, landed);
        check.report("rdma_write_bounced_from_heap", VerbsSelfCheck.succeeded(w, id, WorkRequestType.RDMA_WRITE)
                && VerbsSelfCheck.same(heap, landed), String.valueOf(w));
        throughput(id);
    }

    private void throughput(long firstId) throws Exception {
        int size = 8 << 20;
        int count = 16;
        int window = 8;
        ByteBuf source = active.allocator().directBuffer(size).writeZero(size);
        long t0 = System.nanoTime();
        int done = 0;
        boolean ok = true;
        for (int posted = 0; posted < count || done < posted; ) {
            if (posted < count && posted - done < window) {
                active.rdmaWrite(source.retainedDuplicate(), remote.address(), remote.rkey(), firstId + 1 + posted, true);
                posted++;
            } else {
                RecordingHandler.Completion c = client.next();
                ok &= c != null && c.status() == io.quiver.rdma.CompletionStatus.SUCCESS;
                done++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        source.release();
        System.out.printf("GUEST rdma_write_throughput %.1f MiB/s (%d x 8 MiB RDMA WRITEs, %d in flight, %.2f s)%n",
                count * 8 / seconds, count, window, seconds);
        check.report("rdma_write_throughput_run", ok, "a throughput write failed");
    }
}
