package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.quiver.initiator.iscsi.IscsiSession;
import io.quiver.transport.fcoe.impl.port.QueueDepthLoad.Workload;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The FCoE path beside the iSCSI path on one LUN of one running Quiver (issue 18 item 8), run by
 * {@code bench/fcoe.sh} inside the initiator's network namespace; never by the build's tests. The target serves
 * the same device as LUN 0 of an fcst VN2VN target and of an iSCSI target, both reached over the same veth
 * link: {@link WireInitiator} for FCoE, Quiver's Java iSCSI initiator ({@link IscsiSession}) for iSCSI. Each
 * case runs on both paths in turn, A B then B A per repetition so drift hits both alike; medians and the ratio
 * are printed and written as a markdown table. Settings are system properties ({@code fcb.*}, see
 * {@link #main}). Single-threaded driver; the loads complete on their own threads.
 */
public final class FcoeIscsiBench {

    private static final List<Workload> CASES = List.of(new Workload("randread_4k_qd32", true, true, 4096, 32),
            new Workload("randwrite_4k_qd32", false, true, 4096, 32), new Workload("read_1m_qd8", true, false, 1 << 20, 8),
            new Workload("write_1m_qd8", false, false, 1 << 20, 8));

    private final long targetPid = Long.getLong("fcb.targetPid", -1);
    private final int runtime = Integer.getInteger("fcb.runtime", 10);
    private final int ramp = Integer.getInteger("fcb.ramp", 2);

    private FcoeIscsiBench() {
    }

    /**
     * Properties: {@code fcb.interface} (the initiator's veth end), {@code fcb.iscsi} (portal host:port),
     * {@code fcb.iqn}, {@code fcb.targetPid} (the target's process, for its CPU), {@code fcb.runtime} and
     * {@code fcb.ramp} (seconds), {@code fcb.reps}, {@code fcb.cases} (comma list), {@code fcb.table} (output), {@code fcb.initiatorRing}
     * ({@code false}: the FCoE initiator receives by plain {@code recv}).
     */
    public static void main(String[] args) throws Exception {
        new FcoeIscsiBench().run();
        System.exit(0); // the link's receive threads and the event loop are daemons or idle: end now
    }

    private void run() throws Exception {
        String[] portal = System.getProperty("fcb.iscsi").split(":");
        String cases = System.getProperty("fcb.cases", "");
        int reps = Integer.getInteger("fcb.reps", 2);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ByteBuf data = Unpooled.directBuffer(1 << 20);
        byte[] random = new byte[1 << 20];
        ThreadLocalRandom.current().nextBytes(random);
        data.writeBytes(random);
        try (WireInitiator fc = WireInitiator.login(System.getProperty("fcb.interface"), 120_000,
                        !"false".equals(System.getProperty("fcb.initiatorRing")));
                IscsiSession iscsi = IscsiLoad.login(group, portal[0], Integer.parseInt(portal[1]), System.getProperty("fcb.iqn"))) {
            System.out.printf("FCoE: logged in as port %06x to port %06x, %d-byte data frames, initiator %s%n", fc.portId(),
                    fc.targetPortId(), fc.maxPayload(), fc.ring() ? "TPACKET_V2 ring" : "plain recv");
            long[] capacity = IscsiLoad.readCapacity(iscsi);
            FcoeLoad fcoe = new FcoeLoad(fc, capacity[0], (int) capacity[1], data);
            for (int i = 0; i < 3 && fcoe.single(new byte[6]).get(10, TimeUnit.SECONDS) != null; i++) {
                // unit attentions after login: cleared by asking again
            }
            IscsiLoad iload = new IscsiLoad(iscsi, 0, capacity[0], (int) capacity[1], data);
            System.out.printf("LUN 0: %d bytes in %d-byte blocks; %d s measured after %d s per run, %d repetitions%n",
                    capacity[0], capacity[1], runtime, ramp, reps);
            BenchReport report = new BenchReport();
            for (Workload w : CASES) {
                if (!cases.isBlank() && !("," + cases + ",").contains("," + w.name() + ",")) {
                    continue;
                }
                for (int rep = 1; rep <= reps; rep++) {
                    boolean fcoeFirst = rep % 2 == 1;
                    for (int k = 0; k < 2; k++) {
                        boolean f = fcoeFirst == (k == 0);
                        String path = f ? BenchReport.FCOE : BenchReport.ISCSI;
                        BenchReport.Sample s = measure(f ? fcoe : iload, w);
                        report.add(w.name(), path, s);
                        System.out.println(BenchReport.line(w.name(), path, rep, s));
                    }
                }
            }
            long[] ring = fc.statistics();
            System.out.printf("initiator receive ring: %d frames, %d dropped by the kernel%n", ring[0], ring[1]);
            String table = report.table();
            System.out.print("\n" + table + "\n" + report.runs());
            Files.writeString(Path.of(System.getProperty("fcb.table", "fcoe-bench.md")), table + "\n" + report.runs());
            iscsi.logout().get(10, TimeUnit.SECONDS);
        } finally {
            data.release();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** One run: the load started, {@code ramp} seconds, then {@code runtime} seconds counted, then drained. */
    private BenchReport.Sample measure(QueueDepthLoad load, Workload w) throws Exception {
        load.start(w);
        Thread.sleep(ramp * 1000L);
        load.check();
        long[] c0 = load.counters();
        long t0 = System.nanoTime();
        long target0 = targetCpuNanos();
        long self0 = selfCpuNanos();
        Thread.sleep(runtime * 1000L);
        long[] c1 = load.counters();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long target1 = targetCpuNanos();
        long self1 = selfCpuNanos();
        load.stop(60_000);
        return new BenchReport.Sample((c1[0] - c0[0]) / seconds, (c1[1] - c0[1]) / seconds,
                (target1 - target0) / 1e9 / seconds, (self1 - self0) / 1e9 / seconds);
    }

    /** utime + stime of the target's process (/proc/PID/stat, in clock ticks of 10 ms), in nanoseconds. */
    private long targetCpuNanos() throws Exception {
        if (targetPid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + targetPid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    private static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
