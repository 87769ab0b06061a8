package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.Access;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.QueueFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The bounded queues: send queue depth, RDMA READ depth, receive buffer size and receiver-not-ready. */
class QueueLimitsTest extends EmulatedFabricSupport {
    /** A receive ring deep enough that the SENDs of these tests never meet receiver-not-ready. */
    private static final QueueConfig DEEP_RING = new QueueConfig(8, 32, 256, 0, 2);
    /** Receiver-not-ready retried 8 times 250 ms apart: a catching-up receiver has 2 s, even on a loaded machine. */
    private static final long RNR_TIMEOUT_MILLIS = 250;

    @Override
    EmulatedFabric newFabric() {
        return new EmulatedFabric(8, Duration.ofMillis(RNR_TIMEOUT_MILLIS));
    }

    @Test
    void theSendQueueIsFullExactlyAtItsDepth() throws Exception {
        Connection c = connect(DEEP_RING, DEEP_RING);
        CountDownLatch gate = pauseWire();
        for (int i = 0; i < DEEP_RING.sendQueueDepth(); i++) {
            c.target().send(ascii(c.target(), "r" + i), i, true);
        }
        ByteBuf extra = ascii(c.target(), "extra");
        assertThrows(QueueFullException.class, () -> c.target().send(extra, 99, true));
        assertEquals(0, extra.refCnt(), "a refused SEND's buffer is released");
        gate.countDown();
        for (int i = 0; i < DEEP_RING.sendQueueDepth(); i++) {
            assertEquals("completion SEND#" + i + " SUCCESS", targetHandler.next().toString());
        }
        c.target().send(ascii(c.target(), "again"), 100, true);
        assertEquals("completion SEND#100 SUCCESS", targetHandler.next().toString());
    }

    @Test
    void unsignaledRequestsHoldTheirSlotsUntilALaterCompletionIsReported() throws Exception {
        Connection c = connect(DEEP_RING, DEEP_RING);
        for (int i = 0; i < DEEP_RING.sendQueueDepth(); i++) {
            c.target().send(ascii(c.target(), "u" + i), i, false);
        }
        for (int i = 0; i < DEEP_RING.sendQueueDepth(); i++) {
            assertEquals("receive(u" + i + ")", initiatorHandler.next().toString());
        }
        ByteBuf extra = ascii(c.target(), "extra");
        assertThrows(QueueFullException.class, () -> c.target().send(extra, 99, true),
                "on hardware an unsignaled WQE is retired only by a later CQE");
    }

    @Test
    void readsBeyondTheDepthWaitInOrder() throws Exception {
        Connection c = connect();
        fabric.completionDelay(Duration.ofMillis(20));
        ByteBuf data = ascii(c.initiator(), "abcdefgh");
        MemoryRegion region = c.initiator().register(data, EnumSet.of(Access.REMOTE_READ));
        List<ByteBuf> targets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ByteBuf target = c.target().allocator().directBuffer(1);
            targets.add(target);
            c.target().rdmaRead(target, 1, region.address() + i, region.rkey(), i);
        }
        c.target().send(ascii(c.target(), "SRP_RSP"), 6, true);
        for (int i = 0; i < 6; i++) {
            assertEquals("completion RDMA_READ#" + i + " SUCCESS", targetHandler.next().toString());
            assertEquals(String.valueOf((char) ('a' + i)), targets.get(i).toString(java.nio.charset.StandardCharsets.US_ASCII));
            targets.get(i).release();
        }
        assertEquals("completion SEND#6 SUCCESS", targetHandler.next().toString());
        assertEquals(CONFIG.rdmaReadDepth(), c.target().peakReadsInFlight());
        data.release();
    }

    @Test
    void aSendLargerThanTheReceiveBufferIsALengthErrorAtTheReceiver() throws Exception {
        Connection c = connect();
        ByteBuf big = c.initiator().allocator().directBuffer().writeZero(CONFIG.receiveBufferSize() + 1);
        c.initiator().send(big, 1, false);
        List<String> sender = new ArrayList<>(List.of("completion SEND#1 REMOTE_INVALID_REQUEST"));
        sender.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()));
        assertEquals(sender, untilDisconnected(initiatorHandler));
        List<String> receiver = new ArrayList<>(List.of("completion RECEIVE#0 LOCAL_LENGTH_ERROR"));
        receiver.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth() - 1));
        assertEquals(receiver, untilDisconnected(targetHandler));
        assertEquals(0, big.refCnt());
    }

    @Test
    void aReceiverHoldingAllItsBuffersMakesTheSenderExceedItsRnrRetries() throws Exception {
        Connection c = connect();
        targetHandler.holdMessages = true;
        for (int i = 0; i <= CONFIG.receiveQueueDepth(); i++) {
            c.initiator().send(ascii(c.initiator(), "c" + i), i, true);
        }
        List<String> sender = new ArrayList<>();
        for (int i = 0; i < CONFIG.receiveQueueDepth(); i++) {
            sender.add("completion SEND#" + i + " SUCCESS");
        }
        sender.add("completion SEND#4 RNR_RETRY_EXCEEDED");
        sender.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()));
        long start = System.nanoTime();
        assertEquals(sender, untilDisconnected(initiatorHandler));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 7 * RNR_TIMEOUT_MILLIS, "8 retries " + RNR_TIMEOUT_MILLIS + " ms apart took "
            + elapsedMillis + " ms");
        List<String> receiver = new ArrayList<>();
        for (int i = 0; i < CONFIG.receiveQueueDepth(); i++) {
            receiver.add("receive(c" + i + ")");
        }
        receiver.add("disconnected");
        assertEquals(receiver, untilDisconnected(targetHandler), "no posted buffer is left to flush");
        targetHandler.releaseHeld();
    }

    @Test
    void aReceiverThatCatchesUpWithinTheRetriesGetsTheMessage() throws Exception {
        Connection c = connect();
        targetHandler.holdMessages = true;
        for (int i = 0; i <= CONFIG.receiveQueueDepth(); i++) {
            c.initiator().send(ascii(c.initiator(), "c" + i), i, true);
        }
        for (int i = 0; i < CONFIG.receiveQueueDepth(); i++) {
            assertEquals("receive(c" + i + ")", targetHandler.next().toString());
        }
        targetHandler.holdMessages = false;
        targetHandler.releaseHeld();
        assertEquals("receive(c4)", targetHandler.next().toString());
        for (int i = 0; i <= CONFIG.receiveQueueDepth(); i++) {
            assertEquals("completion SEND#" + i + " SUCCESS", initiatorHandler.next().toString());
        }
    }

    @Test
    void aReadIntoTooSmallATargetIsALocalLengthError() throws Exception {
        Connection c = connect();
        ByteBuf data = ascii(c.initiator(), "abcdefgh");
        MemoryRegion region = c.initiator().register(data, EnumSet.of(Access.REMOTE_READ));
        ByteBuf small = c.target().allocator().directBuffer(4, 4);
        c.target().rdmaRead(small, 8, region.address(), region.rkey(), 1);
        List<String> expected = new ArrayList<>(List.of("completion RDMA_READ#1 LOCAL_LENGTH_ERROR"));
        expected.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()));
        assertEquals(expected, untilDisconnected(targetHandler));
        assertEquals(0, small.writerIndex(), "nothing was read");
        small.release();
        data.release();
    }

    @Test
    void aReadWhenThePeerOffersNoResponderResourcesIsAnInvalidRequest() throws Exception {
        Connection c = connect(new QueueConfig(8, 4, 256, 0, 0), CONFIG);
        ByteBuf data = ascii(c.target(), "abcd");
        MemoryRegion region = c.target().register(data, EnumSet.of(Access.REMOTE_READ));
        ByteBuf target = c.initiator().allocator().directBuffer(4);
        c.initiator().rdmaRead(target, 4, region.address(), region.rkey(), 1);
        assertEquals("completion RDMA_READ#1 REMOTE_INVALID_REQUEST", initiatorHandler.next().toString());
        target.release();
        data.release();
    }
}
