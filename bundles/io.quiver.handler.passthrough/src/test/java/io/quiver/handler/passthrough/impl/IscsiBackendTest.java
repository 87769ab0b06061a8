package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import io.quiver.testing.FakeDeviceTask;
import io.quiver.transport.iscsi.impl.session.TestTargets;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The iSCSI backend's failure paths: undecodable answers, bidirectional commands, lost and hung connections. */
class IscsiBackendTest {

    /** In this engineer's port range (127.0.0.1 only). */
    private static final int PROXY_PORT = 30850;
    private static final int[] READ_CAPACITY = {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final int[] READ_10_ONE_BLOCK = {0x28, 0, 0, 0, 0, 8, 0, 0, 1, 0};

    /** The device's changes with no core attached: the failure paths' results alone. */
    private static final DeviceChanges UNATTACHED = new DeviceChanges(() -> CompletableFuture.completedFuture(null));

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Regression: SenseData.raw threw here, both buffers leaked and the task never completed. */
    @Test
    void senseWithAnUnknownResponseCodeFailsTheTaskAndReleasesBothBuffers() throws Exception {
        ByteBuf sense = FakeDeviceTask.ALLOC.directBuffer(18).writeZero(18);
        sense.setByte(2, 0x05); // a sense key, but response code 00h: not sense data
        ByteBuf dataIn = FakeDeviceTask.ALLOC.directBuffer(512).writeZero(512);
        try (FakeDeviceTask t = new FakeDeviceTask(READ_10_ONE_BLOCK)) {
            BackendResults.complete(t, new ScsiResult(0x02, sense, dataIn, 0, false, false), 512, UNATTACHED);
            t.await();
            assertEquals(1, t.completions());
            assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
            assertEquals(SenseKey.HARDWARE_ERROR, t.sense().key());
            assertEquals(0x08, t.sense().asc());
            assertNull(t.data());
        }
        assertEquals(0, sense.refCnt());
        assertEquals(0, dataIn.refCnt());
    }

    @Test
    void checkConditionWithoutSenseOrAnUndefinedStatusIsAHardwareError() throws Exception {
        for (int status : new int[] {0x02, 0x77}) {
            ByteBuf sense = FakeDeviceTask.ALLOC.directBuffer(4).writeZero(4);
            ByteBuf dataIn = FakeDeviceTask.ALLOC.directBuffer(0);
            try (FakeDeviceTask t = new FakeDeviceTask(READ_CAPACITY)) {
                BackendResults.complete(t, new ScsiResult(status, sense, dataIn, 0, false, false), 8, UNATTACHED);
                assertEquals(SenseKey.HARDWARE_ERROR, t.await().sense().key());
            }
            assertEquals(0, sense.refCnt());
            assertEquals(0, dataIn.refCnt());
        }
    }

    @Test
    void validSensePassesUnchanged() throws Exception {
        byte[] raw = {0x72, 0x05, 0x24, 0x00, 0, 0, 0, 0};
        ByteBuf sense = FakeDeviceTask.ALLOC.directBuffer(8).writeBytes(raw);
        ByteBuf dataIn = FakeDeviceTask.ALLOC.directBuffer(0);
        try (FakeDeviceTask t = new FakeDeviceTask(READ_CAPACITY)) {
            BackendResults.complete(t, new ScsiResult(0x02, sense, dataIn, 0, false, false), 8, UNATTACHED);
            assertEquals(SenseKey.ILLEGAL_REQUEST, t.await().sense().key());
            ByteBuf encoded = FakeDeviceTask.ALLOC.heapBuffer();
            t.sense().encode(encoded, false);
            byte[] sent = new byte[encoded.readableBytes()];
            encoded.readBytes(sent).release();
            assertArrayEquals(raw, sent);
        }
        assertEquals(0, sense.refCnt());
        assertEquals(0, dataIn.refCnt());
    }

    @Test
    void commandsThatGrowWithTheLuGetTheLongTimeout() {
        IscsiBackend backend = backend(PROXY_PORT + 1, 1_500);
        assertEquals(1_500, backend.timeoutMs(0x28));
        assertEquals(CommandTimeouts.DISK_LONG_MS, backend.timeoutMs(0x48));
        assertEquals(CommandTimeouts.DISK_LONG_MS, backend.timeoutMs(0x93));
        backend.close();
    }

    /** The core reports a read's overflow from data-in longer than expected: the backend's overflow must show. */
    @Test
    void aReadsResidualOverflowReachesTheCore() throws Exception {
        ByteBuf sense = FakeDeviceTask.ALLOC.directBuffer(0);
        ByteBuf dataIn = FakeDeviceTask.ALLOC.directBuffer(200).writeBytes(new byte[200]);
        try (FakeDeviceTask t = new FakeDeviceTask(READ_10_ONE_BLOCK)) {
            BackendResults.complete(t, new ScsiResult(0, sense, dataIn, 312, false, true), 200, UNATTACHED);
            assertEquals(ScsiStatus.GOOD, t.await().status());
            assertEquals(512, t.data().readableBytes());
        }
        assertEquals(0, sense.refCnt());
        assertEquals(0, dataIn.refCnt());
    }

    @Test
    void bidirectionalCommandsAreRefusedNotSentAsWrites() throws Exception {
        try (TestTargets target = new TestTargets(); FakeDeviceTask t = new FakeDeviceTask(0x53, 0, 0, 0, 0, 0, 0, 0, 1, 0)) {
            IscsiBackend backend = backend(target.port(), 5_000);
            backend.execute(bidirectional(t));
            t.await();
            assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
            assertEquals(SenseKey.ILLEGAL_REQUEST, t.sense().key());
            assertEquals(0x24, t.sense().asc());
            backend.close();
        }
    }

    /**
     * The backend connection lost mid-I/O fails the command in flight with ABORTED COMMAND; a hung one times
     * out the same way; while the target is down commands fail at once with NOT READY; when it is back the
     * backend has logged in again by itself and commands succeed.
     */
    @Test
    void lostAndHungConnectionsFailBackAndTheBackendReconnects() throws Exception {
        try (TestTargets target = new TestTargets(); TcpProxy proxy = new TcpProxy(PROXY_PORT, target.port())) {
            IscsiBackend backend = backend(proxy.port(), 1_500);
            awaitGood(backend);

            // Lost mid-I/O: the command is on its way (the proxy holds it), then the connection goes.
            proxy.blackhole = true;
            FakeDeviceTask inFlight = new FakeDeviceTask(READ_10_ONE_BLOCK);
            backend.execute(inFlight);
            Thread.sleep(200);
            assertEquals(0, inFlight.completions());
            long cut = System.nanoTime();
            proxy.refuse = true;
            proxy.cut();
            assertSense(inFlight.await(), SenseKey.ABORTED_COMMAND);
            assertTrue(System.nanoTime() - cut < TimeUnit.MILLISECONDS.toNanos(1_000), "failed back at once, not by timeout");
            inFlight.close();

            // The target stays down: later commands fail (NOT READY, or ABORTED COMMAND when one meets a
            // reconnect attempt that fails), and none hangs.
            for (int i = 0; i < 5; i++) {
                try (FakeDeviceTask later = new FakeDeviceTask(READ_CAPACITY)) {
                    backend.execute(later);
                    assertEquals(ScsiStatus.CHECK_CONDITION, later.await().status());
                    assertEquals(0x08, later.sense().asc());
                }
                Thread.sleep(100);
            }

            // Back up: the backend reconnected in the background.
            proxy.refuse = false;
            proxy.blackhole = false;
            awaitGood(backend);

            // Hung: the target accepts the command but never answers; the command times out, the hung
            // connection is dropped, and the backend logs in again once the target answers.
            proxy.blackhole = true;
            try (FakeDeviceTask hung = new FakeDeviceTask(READ_10_ONE_BLOCK)) {
                backend.execute(hung);
                assertSense(hung.await(), SenseKey.ABORTED_COMMAND);
            }
            proxy.blackhole = false;
            awaitGood(backend);
            backend.close();
        }
    }

    private IscsiBackend backend(int port, long timeoutMs) {
        return new IscsiBackend(group, "iqn.2026-12.io.quiver:test-backend",
                "iscsi://127.0.0.1:" + port + "/" + TestTargets.IQN + "/0", "", "", timeoutMs,
                PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
    }

    /** READ (10) until GOOD (the first answers after a login carry the backend's unit attentions), 10 s at most. */
    private static void awaitGood(IscsiBackend backend) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ScsiStatus last = null;
        while (System.nanoTime() < deadline) {
            try (FakeDeviceTask t = new FakeDeviceTask(READ_10_ONE_BLOCK)) {
                backend.execute(t);
                last = t.await().status();
                if (last == ScsiStatus.GOOD) {
                    assertEquals(512, t.data().readableBytes());
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("backend never answered GOOD again; last " + last);
    }

    private static void assertSense(FakeDeviceTask t, SenseKey key) {
        assertEquals(ScsiStatus.CHECK_CONDITION, t.status());
        SenseData s = t.sense();
        assertEquals(key, s.key());
        assertEquals(0x08, s.asc());
        assertEquals(0x00, s.ascq());
    }

    private static DeviceTask bidirectional(FakeDeviceTask t) {
        return (DeviceTask) Proxy.newProxyInstance(DeviceTask.class.getClassLoader(), new Class<?>[] {DeviceTask.class},
                (p, m, a) -> m.getName().equals("direction") ? DataDirection.BIDIRECTIONAL : m.invoke(t, a));
    }
}
