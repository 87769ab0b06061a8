package io.quiver.transport.srp.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.RdmaListener;
import io.quiver.rdma.emulated.EmulatedFabric;
import io.quiver.rdma.emulated.EmulatedProvider;
import io.quiver.scsi.TaskAttribute;
import io.quiver.transport.srp.iu.CommandIu;
import io.quiver.transport.srp.iu.CreditRequest;
import io.quiver.transport.srp.iu.DataBuffer;
import io.quiver.transport.srp.iu.DirectBuffer;
import io.quiver.transport.srp.iu.LoginRejectReason;
import io.quiver.transport.srp.iu.LoginRequest;
import io.quiver.transport.srp.iu.ResponseIu;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpPortId;
import io.quiver.transport.srp.iu.SrpResponseCode;
import io.quiver.transport.srp.iu.TargetLogout;
import io.quiver.transport.srp.iu.TargetLogoutReason;
import io.quiver.transport.srp.iu.TaskManagementIu;
import io.quiver.spi.target.TaskManagementFunction;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SRP target end to end on the emulated RDMA fabric: RDMA CM login, SRP_CMDs with immediate data and 1 to
 * 255 descriptors moving 512 B to 8 MiB (data verified), task management, credit exhaustion and SRP_CRED_REQ,
 * malformed IUs, multiple channels.
 */
class SrpOverEmulatedFabricTest {

    static final SrpPortId TARGET = SrpPortId.target(0x0002c90300a0b0c0L, 0x0002c90300a0b0c1L);
    static final int DISK = 16 << 20;

    final EmulatedFabric fabric = new EmulatedFabric();
    final EmulatedProvider targetNode = fabric.addNode(ip("192.0.2.1"), "mlx5_0");
    final EmulatedProvider initiatorNode = fabric.addNode(ip("192.0.2.2"), "mlx5_1");
    final InetSocketAddress address = new InetSocketAddress(ip("192.0.2.1"), 31800);
    final RamdiskCore core = new RamdiskCore(DISK);
    final AtomicLong tags = new AtomicLong(1);
    final List<SrpTestInitiator> initiators = new ArrayList<>();
    SrpTargetPort port;
    RdmaListener listener;

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void start(ChannelLimits limits) throws Exception {
        start(limits, 256, 16);
    }

    private void start(ChannelLimits limits, int sendQueueDepth, int rdmaReadDepth) throws Exception {
        port = new SrpTargetPort(core, limits, 8);
        listener = targetNode.listen(address, SrpLoginHandler.queues(limits, sendQueueDepth, rdmaReadDepth),
                new SrpLoginHandler(port));
    }

    private SrpTestInitiator login(int flags, SrpPortId initiator, SrpPortId target) throws Exception {
        SrpTestInitiator ini = SrpTestInitiator.connect(initiatorNode, address, new LoginRequest(tags.incrementAndGet(),
                8260, Srp.BUFFER_FORMAT_DIRECT | Srp.BUFFER_FORMAT_INDIRECT, flags | Srp.IMMEDIATE_REQUESTED,
                Srp.LINUX_IMMEDIATE_DATA_OFFSET, initiator, target));
        initiators.add(ini);
        return ini;
    }

    private SrpTestInitiator login() throws Exception {
        return login(Srp.MULTICHANNEL_SINGLE, new SrpPortId(0, 0x0002c903000f1234L), TARGET);
    }

    @AfterEach
    void stop() {
        initiators.forEach(SrpTestInitiator::close);
        if (listener != null) {
            listener.close();
        }
        fabric.close();
        core.disk.release();
        assertEquals(List.of(), fabric.handlerFailures());
    }

    private static ByteBuf cdb(int opcode, long lba, int bytes) {
        return Unpooled.buffer(10).writeByte(opcode).writeByte(0).writeInt((int) lba).writeByte(0)
                .writeShort(bytes / 512).writeByte(0);
    }

    private static List<DirectBuffer> split(MemoryRegion mr, int length, int count) {
        List<DirectBuffer> list = new ArrayList<>();
        int each = length / count;
        long at = mr.address();
        for (int k = 0; k < count; k++) {
            int n = k == count - 1 ? length - each * (count - 1) : each;
            list.add(new DirectBuffer(at, mr.rkey(), n));
            at += n;
        }
        return list;
    }

    /** WRITE(10) then READ(10) of {@code length} bytes through {@code descriptors} (0 = immediate data). */
    private void writeAndReadBack(SrpTestInitiator ini, long lba, int length, int descriptors, long seed) throws Exception {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        ByteBuf out = ini.endpoint.allocator().directBuffer(length).writeBytes(data);
        ResponseIu w;
        if (descriptors == 0) {
            w = ini.request(new CommandIu(false, tags.incrementAndGet(), 0, TaskAttribute.SIMPLE, cdb(0x2a, lba, length),
                    DataBuffer.immediate(out), DataBuffer.none(), Srp.LINUX_IMMEDIATE_DATA_OFFSET)).get(30, TimeUnit.SECONDS);
            out.release();
        } else {
            try (MemoryRegion mr = ini.register(out)) {
                DataBuffer buf = descriptors == 1 ? DataBuffer.direct(split(mr, length, 1).get(0))
                        : DataBuffer.indirect(0, 0, split(mr, length, descriptors));
                w = ini.request(new CommandIu(false, tags.incrementAndGet(), 0, TaskAttribute.SIMPLE,
                        cdb(0x2a, lba, length), buf, DataBuffer.none(), 0)).get(30, TimeUnit.SECONDS);
            } finally {
                out.release();
            }
        }
        assertEquals(0, w.status(), "WRITE status");
        assertEquals(0, w.flags(), "WRITE residual flags");
        ByteBuf in = ini.endpoint.allocator().directBuffer(length, length).writeZero(length);
        try (MemoryRegion mr = ini.register(in)) {
            int n = Math.max(1, descriptors);
            DataBuffer buf = n == 1 ? DataBuffer.direct(split(mr, length, 1).get(0))
                    : DataBuffer.indirect(0, 0, split(mr, length, n));
            ResponseIu r = ini.request(new CommandIu(false, tags.incrementAndGet(), 0, TaskAttribute.SIMPLE,
                    cdb(0x28, lba, length), DataBuffer.none(), buf, 0)).get(30, TimeUnit.SECONDS);
            assertEquals(0, r.status(), "READ status");
            byte[] got = new byte[length];
            in.getBytes(0, got);
            assertArrayEquals(data, got, length + " bytes through " + descriptors + " descriptors");
        } finally {
            in.release();
        }
    }

    @Test
    void dataIsVerifiedFrom512BytesTo8MiB() throws Exception {
        start(ChannelLimits.defaults(TARGET));
        SrpTestInitiator ini = login();
        assertTrue(ini.login.immediateDataSupported());
        assertEquals(8260, ini.login.maxItIuLength());
        long seed = 0;
        for (int length : new int[] {512, 4096, 8192}) {
            writeAndReadBack(ini, 8, length, 0, seed++);
        }
        for (int length : new int[] {512, 4096, 65536, 1 << 20, 8 << 20}) {
            for (int descriptors : new int[] {1, 2, 255}) {
                if (descriptors <= length / 2 || descriptors == 1) {
                    writeAndReadBack(ini, 16, length, descriptors, seed++);
                }
            }
        }
        assertEquals(128, ini.credits.availablePermits());
    }

    @Test
    void aSendQueueOfFourCarries255DescriptorsInOrder() throws Exception {
        start(ChannelLimits.defaults(TARGET), 4, 2);
        SrpTestInitiator ini = login();
        writeAndReadBack(ini, 0, 1 << 20, 255, 11);
        writeAndReadBack(ini, 4096, 8192, 0, 12);
        List<CompletableFuture<ResponseIu>> reads = new ArrayList<>();
        ByteBuf in = ini.endpoint.allocator().directBuffer(8 * 65536).writeZero(8 * 65536);
        try (MemoryRegion mr = ini.register(in)) {
            for (int k = 0; k < 8; k++) {
                List<DirectBuffer> segs = new ArrayList<>();
                for (int d = 0; d < 128; d++) {
                    segs.add(new DirectBuffer(mr.address() + k * 65536L + d * 512L, mr.rkey(), 512));
                }
                reads.add(ini.request(new CommandIu(false, tags.incrementAndGet(), 0, TaskAttribute.SIMPLE,
                        cdb(0x28, k * 128, 65536), DataBuffer.none(), DataBuffer.indirect(0, 0, segs), 0)));
            }
            for (CompletableFuture<ResponseIu> f : reads) {
                assertEquals(0, f.get(30, TimeUnit.SECONDS).status());
            }
            byte[] got = new byte[8 * 65536];
            in.getBytes(0, got);
            byte[] disk = new byte[8 * 65536];
            core.disk.getBytes(0, disk);
            assertArrayEquals(disk, got);
        } finally {
            in.release();
        }
    }

    @Test
    void rejectedLoginsCarryTheirReason() throws Exception {
        start(ChannelLimits.defaults(TARGET));
        var rej = assertThrows(SrpTestInitiator.LoginRejected.class,
                () -> login(Srp.MULTICHANNEL_SINGLE, new SrpPortId(0, 1), SrpPortId.target(1, 1)));
        assertEquals(LoginRejectReason.UNABLE_TO_ASSOCIATE_CHANNEL, rej.reject.reason());
        assertEquals(ChannelLimits.SUPPORTED_BUFFER_FORMATS, rej.reject.supportedBufferFormats());
        port.disable();
        assertEquals(LoginRejectReason.UNABLE_TO_ESTABLISH_CHANNEL,
                assertThrows(SrpTestInitiator.LoginRejected.class, this::login).reject.reason());
    }

    @Test
    void creditExhaustionQueuesAtTheInitiator() throws Exception {
        start(new ChannelLimits(TARGET, 8260, 256, 4, true, 4, true));
        SrpTestInitiator ini = login();
        assertEquals(4, ini.login.requestLimitDelta());
        ByteBuf in = ini.endpoint.allocator().directBuffer(64 * 4096).writeZero(64 * 4096);
        try (MemoryRegion mr = ini.register(in)) {
            List<CompletableFuture<ResponseIu>> all = new ArrayList<>();
            for (int k = 0; k < 64; k++) {
                DirectBuffer seg = new DirectBuffer(mr.address() + k * 4096L, mr.rkey(), 4096);
                all.add(ini.request(new CommandIu(false, tags.incrementAndGet(), 0, TaskAttribute.SIMPLE,
                        cdb(0x28, k, 4096), DataBuffer.none(), DataBuffer.direct(seg), 0)));
            }
            for (CompletableFuture<ResponseIu> f : all) {
                assertEquals(0, f.get(30, TimeUnit.SECONDS).status());
            }
        } finally {
            in.release();
        }
        assertEquals(4, ini.credits.availablePermits());
    }

    @Test
    void abortedCommandsComeBackAsCredits() throws Exception {
        start(new ChannelLimits(TARGET, 8260, 256, 8, true, 4, true));
        SrpTestInitiator ini = login();
        core.hold = true;
        List<CompletableFuture<ResponseIu>> writes = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            writes.add(ini.request(new CommandIu(false, tags.incrementAndGet(), 0, TaskAttribute.SIMPLE,
                    cdb(0x2a, k, 512), DataBuffer.immediate(Unpooled.wrappedBuffer(new byte[512])), DataBuffer.none(),
                    Srp.LINUX_IMMEDIATE_DATA_OFFSET)));
        }
        waitFor(() -> core.held.size() == 3);
        ResponseIu tmf = ini.request(new TaskManagementIu(false, tags.incrementAndGet(), 0,
                TaskManagementIu.ABORT_TASK_SET, 0)).get(10, TimeUnit.SECONDS);
        assertEquals(SrpResponseCode.COMPLETE, tmf.responseCode());
        // its own credit and the three aborted commands', part of which may have gone ahead by SRP_CRED_REQ
        int byCreditRequests = ini.targetRequests.stream().mapToInt(r -> ((CreditRequest) r).requestLimitDelta()).sum();
        assertEquals(4, tmf.requestLimitDelta() + byCreditRequests);
        waitFor(() -> ini.credits.availablePermits() == 8);
        assertEquals(List.of(TaskManagementFunction.ABORT_TASK_SET), core.functions);
        assertFalse(writes.stream().anyMatch(CompletableFuture::isDone));

        // aborted with nothing else in flight: the credits come back by SRP_CRED_REQ
        int before = ini.targetRequests.size();
        for (int k = 0; k < 2; k++) {
            ini.request(new CommandIu(false, tags.incrementAndGet(), 0, TaskAttribute.SIMPLE, cdb(0x2a, k, 512),
                    DataBuffer.immediate(Unpooled.wrappedBuffer(new byte[512])), DataBuffer.none(),
                    Srp.LINUX_IMMEDIATE_DATA_OFFSET));
        }
        waitFor(() -> core.held.size() == 2);
        core.abortHeld();
        waitFor(() -> ini.credits.availablePermits() == 8);
        assertEquals(before + 1, ini.targetRequests.size());
        CreditRequest cred = (CreditRequest) ini.targetRequests.get(before);
        assertEquals(2, cred.requestLimitDelta());
    }

    @Test
    void malformedIusAreAnsweredAndAForeignTypeEndsOnlyItsChannel() throws Exception {
        start(ChannelLimits.defaults(TARGET));
        SrpTestInitiator first = login();
        SrpTestInitiator second = login(Srp.MULTICHANNEL_MULTI, new SrpPortId(0, 0x0002c903000f1234L), TARGET);
        assertEquals(Srp.LOGIN_RSP_MAINTAINED, second.login.multiChannelResult());

        ByteBuf bad = Unpooled.buffer();
        long tag = tags.incrementAndGet();
        new CommandIu(false, tag, 0, TaskAttribute.SIMPLE, cdb(0x28, 0, 512), DataBuffer.none(), DataBuffer.none(), 0)
                .encode(bad);
        bad.setByte(5, 0x04); // reserved data-in descriptor format
        CompletableFuture<ResponseIu> refused = new CompletableFuture<>();
        assertTrue(first.credits.tryAcquire());
        first.pending.put(tag, refused);
        first.sendBytes(bad);
        ResponseIu rsp = refused.get(10, TimeUnit.SECONDS);
        assertEquals(2, rsp.status());
        assertEquals(SrpResponseCode.INVALID_FIELDS, rsp.responseCode());
        assertEquals(0x0e, rsp.sense().getUnsignedByte(12));

        first.sendBytes(Unpooled.wrappedBuffer(new byte[] {(byte) Srp.RSP, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        first.disconnected.get(10, TimeUnit.SECONDS);
        assertEquals(TargetLogoutReason.INVALID_IU_TYPE.code(),
                ((TargetLogout) first.targetRequests.get(first.targetRequests.size() - 1)).reason());
        writeAndReadBack(second, 100, 65536, 16, 42);
        assertEquals(1, port.channels(new SrpPortId(0, 0x0002c903000f1234L)));
    }

    @Test
    void singleLoginTerminatesTheOldChannels() throws Exception {
        start(ChannelLimits.defaults(TARGET));
        SrpTestInitiator old = login();
        SrpTestInitiator fresh = login();
        assertEquals(Srp.LOGIN_RSP_TERMINATED, fresh.login.multiChannelResult());
        old.disconnected.get(10, TimeUnit.SECONDS);
        assertEquals(TargetLogoutReason.MULTICHANNEL_ACTION.code(), ((TargetLogout) old.targetRequests.get(0)).reason());
        writeAndReadBack(fresh, 0, 4096, 0, 7);
        assertEquals(1, port.sessions());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
