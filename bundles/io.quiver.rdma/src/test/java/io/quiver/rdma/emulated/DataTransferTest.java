package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.quiver.rdma.Access;
import io.quiver.rdma.CompletionStatus;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.QueueFullException;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.rdma.WorkRequestType;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The happy paths: SEND/RECV, RDMA WRITE and READ, ordering, signaling, threads and buffer ownership. */
class DataTransferTest extends EmulatedFabricSupport {

    @Test
    void sendArrivesAtThePeerAndCompletesAtTheSender() throws Exception {
        Connection c = connect();
        ByteBuf message = ascii(c.initiator(), "SRP_CMD");
        c.initiator().send(message, 7, true);
        RecordingHandler.Event received = targetHandler.next();
        assertEquals("receive(SRP_CMD)", received.toString());
        RecordingHandler.Event completion = initiatorHandler.next();
        assertEquals("completion SEND#7 SUCCESS", completion.toString());
        assertEquals(0, message.refCnt(), "send releases the buffer once it completed");
        assertTrue(received.thread().startsWith("emulated-rdma-"), received.thread());
        assertFalse(completion.thread().equals(Thread.currentThread().getName()));
    }

    @Test
    void aBufferFromOutsideTheAllocatorIsSentToo() throws Exception {
        Connection c = connect();
        c.target().send(ascii("SRP_RSP"), 1, true);
        assertEquals("receive(SRP_RSP)", initiatorHandler.next().toString());
        assertEquals("completion SEND#1 SUCCESS", targetHandler.next().toString());
    }

    @Test
    void completionsComeInPostOrderAndUnsignaledSuccessesAreSilent() throws Exception {
        Connection c = connect();
        ByteBuf data = c.initiator().allocator().directBuffer(64).writeZero(64);
        MemoryRegion region = c.initiator().register(data,
                EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE, Access.REMOTE_READ));
        c.target().rdmaWrite(ascii(c.target(), "DATA-IN"), region.address(), region.rkey(), 1, false);
        ByteBuf readTarget = c.target().allocator().directBuffer(7);
        c.target().rdmaRead(readTarget, 7, region.address(), region.rkey(), 2);
        c.target().send(ascii(c.target(), "RSP"), 3, true);
        assertEquals("completion RDMA_READ#2 SUCCESS", targetHandler.next().toString());
        assertEquals("completion SEND#3 SUCCESS", targetHandler.next().toString());
        assertNull(targetHandler.poll(50), "the unsignaled WRITE is not reported");
        assertEquals("DATA-IN", readTarget.toString(StandardCharsets.US_ASCII));
        assertEquals("receive(RSP)", initiatorHandler.next().toString());
        readTarget.release();
        region.close();
        data.release();
    }

    @Test
    void rdmaWriteLandsInTheRegisteredBytesOnly() throws Exception {
        Connection c = connect();
        ByteBuf data = c.initiator().allocator().directBuffer(32).writeZero(32).skipBytes(8);
        MemoryRegion region = c.initiator().register(data, EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE));
        assertEquals(24, region.length());
        c.target().rdmaWrite(ascii(c.target(), "abcd"), region.address() + 4, region.rkey(), 9, true);
        assertEquals("completion RDMA_WRITE#9 SUCCESS", targetHandler.next().toString());
        byte[] expected = new byte[32];
        System.arraycopy("abcd".getBytes(StandardCharsets.US_ASCII), 0, expected, 12, 4);
        assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(data, 0, 32));
        region.close();
        data.release();
    }

    @Test
    void rdmaReadFillsTheTargetAndLeavesItWithTheCaller() throws Exception {
        Connection c = connect();
        ByteBuf data = ascii(c.initiator(), "0123456789");
        MemoryRegion region = c.initiator().register(data, EnumSet.of(Access.REMOTE_READ));
        ByteBuf target = c.target().allocator().directBuffer(16).writeByte('>');
        c.target().rdmaRead(target, 4, region.address() + 3, region.rkey(), 5);
        RecordingHandler.Event completion = targetHandler.next();
        assertEquals("completion RDMA_READ#5 SUCCESS", completion.toString());
        assertEquals(">3456", target.toString(StandardCharsets.US_ASCII));
        assertEquals(1, target.refCnt(), "a READ's target stays the caller's");
        assertEquals(CompletionStatus.SUCCESS, completion.status());
        assertEquals(WorkRequestType.RDMA_READ, completion.type());
        target.release();
        region.close();
        data.release();
    }

    @Test
    void aHandlerPostingFromItsCallbackIsNotReEntered() throws Exception {
        AtomicBoolean inReceive = new AtomicBoolean();
        EndpointHandler echo = new InitiatorSide() {
            @Override
            public void onReceive(RdmaEndpoint endpoint, ByteBuf message) {
                inReceive.set(true);
                try {
                    endpoint.send(ascii(endpoint, "pong"), 1, true);
                    Thread.sleep(20);
                } catch (RdmaException | InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inReceive.set(false);
                }
                super.onReceive(endpoint, message);
            }

            @Override
            public void onCompletion(RdmaEndpoint endpoint, long id, WorkRequestType type, CompletionStatus status) {
                if (inReceive.get()) {
                    initiatorHandler.violations.add("completion delivered inside the onReceive that posted it");
                }
                super.onCompletion(endpoint, id, type, status);
            }
        };
        Connection c = connect(CONFIG, CONFIG, echo);
        c.target().send(ascii(c.target(), "ping"), 1, true);
        assertEquals("receive(ping)", initiatorHandler.next().toString());
        assertEquals("completion SEND#1 SUCCESS", initiatorHandler.next().toString());
        assertEquals("completion SEND#1 SUCCESS", targetHandler.next().toString());
        assertEquals("receive(pong)", targetHandler.next().toString());
    }

    @Test
    void postingFromManyThreadsKeepsEachThreadsOrder() throws Exception {
        QueueConfig config = new QueueConfig(16, 64, 64, 0, 2);
        Connection c = connect(config, config);
        int threads = 4;
        int perThread = 200;
        ExecutorService posters = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            posters.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    ByteBuf message = ascii(c.initiator(), thread + ":" + i);
                    while (true) {
                        try {
                            c.initiator().send(message.retain(), thread * perThread + i, true);
                            message.release();
                            break;
                        } catch (QueueFullException e) {
                            Thread.onSpinWait();
                        } catch (RdmaException e) {
                            message.release();
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
        }
        int[] next = new int[threads];
        for (int n = 0; n < threads * perThread; n++) {
            String[] received = targetHandler.next().payload().split(":");
            int thread = Integer.parseInt(received[0]);
            assertEquals(next[thread]++, Integer.parseInt(received[1]), "thread " + thread + "'s order");
        }
        for (int n = 0; n < threads * perThread; n++) {
            assertEquals(CompletionStatus.SUCCESS, initiatorHandler.next().status());
        }
        posters.shutdown();
        assertTrue(posters.awaitTermination(5, TimeUnit.SECONDS));
    }
}
