package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.quiver.rdma.Access;
import io.quiver.rdma.MemoryRegion;
import io.quiver.rdma.RdmaException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Memory keys, bounds and rights: a bad RDMA access fails with REMOTE_ACCESS_ERROR at the requester, flushes
 * what was queued behind it and breaks the connection on both sides, as an RC queue pair does.
 */
class MemoryProtectionTest extends EmulatedFabricSupport {

    /** The initiator's data buffer: 16 bytes, registered with {@code access}. */
    private ByteBuf data;

    private MemoryRegion register(Connection c, Set<Access> access) throws RdmaException {
        data = c.initiator().allocator().directBuffer(16).writeZero(16);
        return c.initiator().register(data, access);
    }

    /** Posts {@code bad} and a SEND behind it while the wire is held, then checks what both sides see. */
    private void assertAccessErrorBreaksTheConnection(Connection c, Attempt bad) throws Exception {
        CountDownLatch gate = pauseWire();
        bad.post();
        ByteBuf response = ascii(c.target(), "SRP_RSP");
        c.target().send(response, 2, true);
        gate.countDown();
        List<String> expected = new ArrayList<>(List.of(bad.expected(), "completion SEND#2 WORK_REQUEST_FLUSH_ERROR"));
        expected.addAll(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()));
        assertEquals(expected, untilDisconnected(targetHandler));
        assertEquals(flushedReceivesThenDisconnected(CONFIG.receiveQueueDepth()), untilDisconnected(initiatorHandler));
        assertEquals(0, response.refCnt(), "a flushed SEND's buffer is released");
        ByteBuf late = ascii(c.target(), "late");
        assertThrows(RdmaException.class, () -> c.target().send(late, 3, true));
        assertEquals(0, late.refCnt(), "a refused post releases the buffer too");
        assertNull(targetHandler.poll(50), "nothing after onDisconnected");
        data.release();
    }

    @FunctionalInterface
    private interface Attempt {
        void post() throws RdmaException;

        default String expected() {
            return "completion RDMA_WRITE#1 REMOTE_ACCESS_ERROR";
        }
    }

    @Test
    void writeUnderAnUnknownKey() throws Exception {
        Connection c = connect();
        MemoryRegion region = register(c, EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE));
        assertAccessErrorBreaksTheConnection(c, () -> c.target().rdmaWrite(ascii(c.target(), "x"), region.address(),
                region.rkey() + 1, 1, true));
    }

    @Test
    void unsignaledWriteOneBytePastTheRegionStillReportsItsError() throws Exception {
        Connection c = connect();
        MemoryRegion region = register(c, EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE));
        assertAccessErrorBreaksTheConnection(c, () -> c.target().rdmaWrite(ascii(c.target(), "xy"),
                region.address() + 15, region.rkey(), 1, false));
    }

    @Test
    void readBeforeTheRegionsStart() throws Exception {
        Connection c = connect();
        MemoryRegion region = register(c, EnumSet.of(Access.REMOTE_READ));
        ByteBuf target = c.target().allocator().directBuffer(4);
        assertAccessErrorBreaksTheConnection(c, new Attempt() {
            @Override
            public void post() throws RdmaException {
                c.target().rdmaRead(target, 4, region.address() - 1, region.rkey(), 1);
            }

            @Override
            public String expected() {
                return "completion RDMA_READ#1 REMOTE_ACCESS_ERROR";
            }
        });
        assertEquals(1, target.refCnt());
        target.release();
    }

    @Test
    void writeWithoutTheRemoteWriteRight() throws Exception {
        Connection c = connect();
        MemoryRegion region = register(c, EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_READ));
        assertAccessErrorBreaksTheConnection(c, () -> c.target().rdmaWrite(ascii(c.target(), "x"), region.address(),
                region.rkey(), 1, true));
    }

    @Test
    void aDeregisteredRegionRefusesLaterAccess() throws Exception {
        Connection c = connect();
        MemoryRegion region = register(c, EnumSet.of(Access.LOCAL_WRITE, Access.REMOTE_WRITE));
        c.target().rdmaWrite(ascii(c.target(), "ok"), region.address(), region.rkey(), 0, true);
        assertEquals("completion RDMA_WRITE#0 SUCCESS", targetHandler.next().toString());
        region.close();
        assertAccessErrorBreaksTheConnection(c, () -> c.target().rdmaWrite(ascii(c.target(), "x"), region.address(),
                region.rkey(), 1, true));
    }

    @Test
    void remoteWriteWithoutLocalWriteIsRefusedAsVerbsDoes() throws Exception {
        Connection c = connect();
        ByteBuf buffer = c.initiator().allocator().directBuffer(8).writeZero(8);
        assertThrows(RdmaException.class, () -> c.initiator().register(buffer, EnumSet.of(Access.REMOTE_WRITE)));
        buffer.release();
    }
}
