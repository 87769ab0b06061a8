package io.quiver.rdma.verbs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.Access;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.ConnectionRejectedException;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.RdmaListener;
import io.quiver.rdma.WorkRequestType;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The verbs provider's loopback proof on a real RDMA device (rxe0 in the Linux test guest, run by
 * {@code itests/linux-guest/guest/rdma.sh}): one JVM listens on {@code args[0]:args[1]} and connects to
 * itself, rejects a request with private data, accepts one, SENDs both ways, RDMA WRITEs into and READs from
 * a region the other side registered (512 B to 8 MiB, bytes compared), measures RDMA WRITE throughput, hits a
 * bad rkey (REMOTE_ACCESS_ERROR, then a flush) and disconnects. Prints one {@code CHECK name PASS|FAIL} line
 * per check, as the guest's lib.sh does, and exits 1 if any failed.
 */
public final class VerbsSelfCheck {

    private static final QueueConfig CONFIG = new QueueConfig(64, 32, 4096, 64, 8);
    private static final int[] SIZES = {512, 4096, 65536, 1 << 20, 8 << 20};
    private boolean failed;

    public static void main(String[] args) throws Exception {
        VerbsSelfCheck check = new VerbsSelfCheck();
        check.run(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
        System.exit(check.failed ? 1 : 0);
    }

    private void check(String name, boolean ok, String detail) {
        failed |= !ok;
        System.out.println("CHECK " + name + (ok ? " PASS" : " FAIL " + detail));
    }

    private static ByteBuf text(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** The text before the first NUL: IB CM pads private data to its fixed size with zeros. */
    private static String text(byte[] b) {
        if (b == null) {
            return "(nothing)";
        }
        String s = new String(b, StandardCharsets.US_ASCII);
        return s.indexOf(0) < 0 ? s : s.substring(0, s.indexOf(0));
    }

    private void run(InetSocketAddress address) throws Exception {
        java.util.Map<String, String> before = KernelResources.of("rxe0");
        VerbsProvider provider = new VerbsProvider();
        check("rdma_devices", provider.devices().stream().anyMatch(d -> d.name().equals("rxe0")),
                "devices: " + provider.devices());
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        BlockingQueue<RdmaEndpoint> accepted = new LinkedBlockingQueue<>();
        RecordingHandler server = new RecordingHandler();
        RdmaListener listener = provider.listen(address, CONFIG, request -> {
            String data = text(ByteBufBytes.of(request.privateData()));
            requests.add(data + " depth " + request.initiatorDepth() + "/" + request.responderResources()
                    + " on " + request.device().name());
            if (data.startsWith("REJECT")) {
                request.reject(text("GO AWAY"));
                return;
            }
            try {
                accepted.add(request.accept(text("WELCOME"), server));
            } catch (RdmaException e) {
                requests.add("accept failed: " + e);
            }
        });
        check("rdma_listen", listener.localAddress().getPort() == address.getPort(), "" + listener.localAddress());

        RecordingHandler rejectedHandler = new RecordingHandler();
        try {
            provider.connect(address, text("REJECT-ME"), CONFIG, rejectedHandler).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            check("rdma_reject_with_private_data", false, "the connect was accepted");
        } catch (ExecutionException e) {
            boolean ok = e.getCause() instanceof ConnectionRejectedException r
                    && text(r.privateData()).equals("GO AWAY");
            check("rdma_reject_with_private_data", ok, String.valueOf(e.getCause()));
        }
        String rejectedRequest = requests.poll(5, TimeUnit.SECONDS);
        check("rdma_reject_request_seen", rejectedRequest != null && rejectedRequest.startsWith("REJECT-ME depth 8/8"),
                String.valueOf(rejectedRequest));
        // regression: a rejected connect's queue pair was freed on the CM thread while the loop polled the receives
        // librdmacm flushed by moving it to the error state (a crash in librxe); now it is freed on the loop
        int rejected = 0;
        for (int i = 0; i < 20; i++) {
            try {
                provider.connect(address, text("REJECT-AGAIN"), CONFIG, new RecordingHandler()).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                rejected += e.getCause() instanceof ConnectionRejectedException ? 1 : 0;
            }
        }
        for (int i = 0; i < 20; i++) {
            requests.poll(5, TimeUnit.SECONDS);
        }
        check("rdma_rejects_repeated", rejected == 20, rejected + " of 20 connects rejected");

        RecordingHandler client = new RecordingHandler();
        RdmaEndpoint active = provider.connect(address, text("HELLO quiver"), CONFIG, client).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        String request = requests.poll(5, TimeUnit.SECONDS);
        RdmaEndpoint passive = accepted.poll(5, TimeUnit.SECONDS);
        check("rdma_connect_private_data", request != null && request.equals("HELLO quiver depth 8/8 on rxe0"),
                String.valueOf(request));
        check("rdma_established", passive != null && server.established.await(10, TimeUnit.SECONDS),
                "passive " + passive);

        active.send(text("ping"), 1, true);
        byte[] ping = server.received.poll(10, TimeUnit.SECONDS);
        passive.send(passive.allocator().directBuffer().writeBytes("pong".getBytes(StandardCharsets.US_ASCII)), 2, true);
        byte[] pong = client.received.poll(10, TimeUnit.SECONDS);
        check("rdma_send_both_ways", ping != null && ping.length == 4 && pong != null && pong.length == 4
                && "ping".equals(text(ping)) && "pong".equals(text(pong))
                && client.next().status() == CompletionStatus.SUCCESS && server.next().status() == CompletionStatus.SUCCESS,
                text(ping) + "/" + text(pong));

        ByteBuf regionBuffer = passive.allocator().directBuffer(8 << 20, 8 << 20).writerIndex(8 << 20);
        MemoryRegion region = passive.register(regionBuffer,
                EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE, Access.REMOTE_READ));
        new Transfers(this, active, client, regionBuffer, region).run(SIZES);

        // a bad rkey: the READ fails with REMOTE_ACCESS_ERROR and the queue pair enters the error state, which
        // flushes every posted receive; a SEND posted behind the READ (if the error did not come first) flushes too
        ByteBuf badTarget = active.allocator().directBuffer(512);
        active.rdmaRead(badTarget, 512, region.address(), region.rkey() ^ 0x5a5a00, 90);
        boolean sendQueued = true;
        try {
            active.send(text("after"), 91, true);
        } catch (RdmaException e) {
            sendQueued = false;
        }
        RecordingHandler.Completion bad = client.next();
        check("rdma_bad_rkey_remote_access_error", bad != null && bad.id() == 90
                && bad.status() == CompletionStatus.REMOTE_ACCESS_ERROR, String.valueOf(bad));
        RecordingHandler.Completion flushed = sendQueued ? client.next() : null;
        check("rdma_send_behind_error_flushed", !sendQueued || flushed != null && flushed.id() == 91
                && flushed.status() == CompletionStatus.WORK_REQUEST_FLUSH_ERROR, String.valueOf(flushed));
        for (int i = 0; i < 100 && client.receiveFlushes.get() < CONFIG.receiveQueueDepth(); i++) {
            Thread.sleep(100);
        }
        check("rdma_receives_flushed_after_error", client.receiveFlushes.get() == CONFIG.receiveQueueDepth(),
                client.receiveFlushes.get() + " of " + CONFIG.receiveQueueDepth() + " receives flushed");
        System.out.println("GUEST rdma bad rkey: SEND behind the READ " + (sendQueued ? "queued and flushed"
                : "refused (the error came first)") + "; passive side flushed " + server.receiveFlushes.get()
                + " receives");
        boolean refused;
        try {
            active.send(text("refused"), 92, true);
            refused = false;
        } catch (RdmaException e) {
            refused = true;
        }
        check("rdma_post_after_error_refused", refused, "a post after the error was taken");
        badTarget.release();

        active.close();
        boolean both = client.disconnected.await(15, TimeUnit.SECONDS) && server.disconnected.await(15, TimeUnit.SECONDS);
        check("rdma_disconnected_both_sides", both && client.disconnectCalls == 1 && server.disconnectCalls == 1,
                "client " + client.disconnectCalls + ", server " + server.disconnectCalls);
        check("rdma_one_thread_per_endpoint", !client.wrongThread && !server.wrongThread, "handler called from two threads");
        // regression: a CM event dispatched just before teardown forgot the id runs after it on the loop; it
        // polled the destroyed queue pair ("Already closed", logged as a failed completion task)
        VerbsEndpoint gone = (VerbsEndpoint) active;
        int establishedBefore = client.establishedCalls; // the active side learns it from its connect future
        gone.onCmEvent(Layouts.EV_DISCONNECTED, 0, MemorySegment.NULL);
        gone.onCmEvent(Layouts.EV_ESTABLISHED, 0, MemorySegment.NULL);
        CountDownLatch drained = new CountDownLatch(1);
        gone.dev.loop.execute(drained::countDown);
        check("rdma_late_cm_event_after_teardown_ignored", drained.await(5, TimeUnit.SECONDS)
                && client.disconnectCalls == 1 && client.establishedCalls == establishedBefore,
                "disconnect calls " + client.disconnectCalls + ", established calls " + client.establishedCalls);
        region.close();
        regionBuffer.release();
        passive.close();
        listener.close();
        provider.close();
        java.util.Map<String, String> after = KernelResources.of("rxe0");
        System.out.println("GUEST rdma resources of rxe0 before " + before + ", after teardown " + after);
        check("rdma_teardown_frees_kernel_objects", before.equals(after) && !after.isEmpty(),
                "rdma resource show before " + before + ", after " + after);
        // PARANOID leak detection reports when a leaked buffer is collected and another is tracked
        System.gc();
        Thread.sleep(500);
        Unpooled.directBuffer(1).release();
    }

    /** Byte arrays of buffers, for comparisons. */
    static final class ByteBufBytes {
        private ByteBufBytes() {
        }

        static byte[] of(ByteBuf buf) {
            byte[] b = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), b);
            return b;
        }
    }

    /** Records a check from {@link Transfers}. */
    void report(String name, boolean ok, String detail) {
        check(name, ok, detail);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    static boolean succeeded(RecordingHandler.Completion c, long id, WorkRequestType type) {
        return c != null && c.id() == id && c.type() == type && c.status() == CompletionStatus.SUCCESS;
    }
}
