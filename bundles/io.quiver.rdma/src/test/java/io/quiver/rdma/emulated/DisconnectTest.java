package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DREQ from either side, a lost link and close: what is queued is flushed, then onDisconnected comes once on
 * both sides, and later posts fail.
 */
class DisconnectTest extends EmulatedFabricSupport {

    @Test
    void disconnectFlushesWhatIsInFlightThenReportsOnceOnBothSides() throws Exception {
        Connection c = connect();
        fabric.completionDelay(Duration.ofSeconds(2));
        c.target().send(ascii(c.target(), "a"), 1, true);
        c.target().send(ascii(c.target(), "b"), 2, false);
        assertEquals("receive(a)", initiatorHandler.next().toString());
        assertEquals("receive(b)", initiatorHandler.next().toString());
        c.target().disconnect();
        c.target().disconnect();
        List<String> target = new ArrayList<>(List.of("completion SEND#1 WORK_REQUEST_FLUSH_ERROR",
                "completion SEND#2 WORK_REQUEST_FLUSH_ERROR"));
        target.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()));
        assertEquals(target, untilDisconnected(targetHandler));
        assertEquals(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()), untilDisconnected(initiatorHandler));
        assertNull(targetHandler.poll(100), "onDisconnected once, and no late completion");
        assertNull(initiatorHandler.poll(0));
    }

    @Test
    void theInitiatorsDisconnectReachesTheTargetAndPostsFailAfterwards() throws Exception {
        Connection c = connect();
        c.initiator().disconnect();
        assertEquals(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()), untilDisconnected(targetHandler));
        assertEquals(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()), untilDisconnected(initiatorHandler));
        ByteBuf message = ascii(c.target(), "late");
        assertThrows(RdmaException.class, () -> c.target().send(message, 1, true));
        assertEquals(0, message.refCnt());
        ByteBuf readTarget = c.target().allocator().directBuffer(4);
        assertThrows(RdmaException.class, () -> c.target().rdmaRead(readTarget, 4, 0, 0, 2));
        assertEquals(1, readTarget.refCnt(), "a refused READ leaves its target with the caller");
        readTarget.release();
    }

    @Test
    void aDroppedLinkFailsTheRequestInFlightWithRetryExceeded() throws Exception {
        Connection c = connect();
        fabric.completionDelay(Duration.ofSeconds(2));
        c.target().send(ascii(c.target(), "a"), 1, false);
        c.target().send(ascii(c.target(), "b"), 2, true);
        assertEquals("receive(a)", initiatorHandler.next().toString());
        // Both messages released first: a message the handler still holds is no posted buffer to flush.
        assertEquals("receive(b)", initiatorHandler.next().toString());
        fabric.dropConnection(c.target());
        List<String> target = new ArrayList<>(List.of("completion SEND#1 RETRY_EXCEEDED",
                "completion SEND#2 WORK_REQUEST_FLUSH_ERROR"));
        target.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()));
        assertEquals(target, untilDisconnected(targetHandler));
        assertEquals(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()), untilDisconnected(initiatorHandler));
    }

    @Test
    void closeReturnsAfterTheFlushWasReported() throws Exception {
        Connection c = connect();
        c.initiator().close();
        List<String> events = new ArrayList<>();
        targetHandler.events.forEach(e -> events.add(e.toString()));
        initiatorHandler.events.forEach(e -> events.add(e.toString()));
        assertTrue(events.contains("disconnected"), "the initiator's onDisconnected came before close returned: "
                + events);
        assertEquals(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()), untilDisconnected(initiatorHandler));
        assertEquals(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()), untilDisconnected(targetHandler));
    }

    @Test
    void closingFromItsOwnCallbackDoesNotWaitForItself() throws Exception {
        AtomicBoolean closeReturned = new AtomicBoolean();
        EndpointHandler closer = new InitiatorSide() {
            @Override
            public void onReceive(RdmaEndpoint endpoint, ByteBuf message) {
                super.onReceive(endpoint, message);
                endpoint.close();
                closeReturned.set(true);
            }
        };
        Connection c = connect(CONFIG, CONFIG, closer);
        c.target().send(ascii(c.target(), "bye"), 1, true);
        List<String> expected = new ArrayList<>(List.of("receive(bye)"));
        expected.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()));
        assertEquals(expected, untilDisconnected(initiatorHandler));
        assertTrue(closeReturned.get());
    }
}
