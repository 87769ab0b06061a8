package io.quiver.initiator.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.transport.iscsi.impl.session.TestTargets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The initiator against Quiver's own iSCSI target driver, in process over TCP on 127.0.0.1. */
class QuiverTargetTest {

    static final String INITIATOR = "iqn.2026-12.io.quiver:initiator-test";
    static EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());



    static ByteBuf cdb(int... bytes) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        for (int v : bytes) {
            b.writeByte(v);
        }
        return b;
    }

    /** WRITE (10) of {@code blocks} patterned blocks at {@code lba}, READ (10) back, TEST UNIT READY, logout. */
    static void writeReadBack(IscsiSession s, int lun) throws Exception {
        long l = IscsiSession.lun(lun);
        ScsiResult tur = s.execute(l, cdb(0, 0, 0, 0, 0, 0), false, 0, null).get(10, TimeUnit.SECONDS);
        if (tur.status() == 2) { // a unit attention after login is fine once
            tur.release();
            tur = s.execute(l, cdb(0, 0, 0, 0, 0, 0), false, 0, null).get(10, TimeUnit.SECONDS);
        }
        assertEquals(0, tur.status());
        tur.release();
        int blocks = 600; // 300 KiB: immediate data, unsolicited Data-Out and R2Ts, several Data-In PDUs
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(blocks * 512);
        for (int i = 0; i < blocks * 512; i++) {
            out.writeByte(i * 7 + i / 512);
        }
        ByteBuf expect = out.copy();
        ScsiResult w = s.execute(l, cdb(0x2A, 0, 0, 0, 0, 8, 0, blocks >> 8, blocks & 0xFF, 0), false, blocks * 512, out)
                .get(10, TimeUnit.SECONDS);
        assertEquals(0, w.status());
        w.release();
        ScsiResult r = s.execute(l, cdb(0x28, 0, 0, 0, 0, 8, 0, blocks >> 8, blocks & 0xFF, 0), true, blocks * 512, null)
                .get(10, TimeUnit.SECONDS);
        assertEquals(0, r.status());
        assertTrue(io.netty.buffer.ByteBufUtil.equals(expect, r.dataIn()), "data read back differs");
        r.release();
        expect.release();
        // Underflow: INQUIRY with allocation length 255 and expected length 255 returns fewer bytes.
        ScsiResult inq = s.execute(l, cdb(0x12, 0, 0, 0, 255, 0), true, 255, null).get(10, TimeUnit.SECONDS);
        assertEquals(0, inq.status());
        assertEquals(255 - inq.dataIn().readableBytes(), inq.underflow() ? inq.residual() : 0);
        inq.release();
    }

    @Test
    void readsAndWritesWithDigests() throws Exception {
        try (TestTargets t = new TestTargets()) {
            IscsiSession s = IscsiSession.login(group, new SessionSettings("127.0.0.1", t.port(), INITIATOR,
                    TestTargets.IQN, null, null, null, null, true)).get(10, TimeUnit.SECONDS);
            assertEquals("CRC32C", s.negotiated().get("HeaderDigest"));
            writeReadBack(s, 0);
            assertEquals(0, s.logicalUnitReset(IscsiSession.lun(0)).get(10, TimeUnit.SECONDS));
            // A task that ended already: TASK DOES NOT EXIST.
            var done = s.execute(IscsiSession.lun(0), cdb(0, 0, 0, 0, 0, 0), false, 0, null);
            done.get(10, TimeUnit.SECONDS).release();
            assertEquals(1, s.abortTask(IscsiSession.lun(0), done).get(10, TimeUnit.SECONDS));
            // An unsupported opcode: CHECK CONDITION with the target's sense, unchanged.
            ScsiResult bad = s.execute(IscsiSession.lun(0), cdb(0xFF, 0, 0, 0, 0, 0), false, 0, null).get(10, TimeUnit.SECONDS);
            assertEquals(2, bad.status());
            assertEquals(5, bad.sense().getByte(2) & 0x0F);
            bad.release();
            // A 32-byte CDB (variable length, opcode 7Fh) travels whole, with an Extended CDB AHS: the target answers it.
            int[] long32 = new int[32];
            long32[0] = 0x7F;
            long32[7] = 0x18;
            ScsiResult var = s.execute(IscsiSession.lun(0), cdb(long32), false, 0, null).get(10, TimeUnit.SECONDS);
            assertEquals(2, var.status());
            var.release();
            s.logout().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void mutualChap() throws Exception {
        try (TestTargets t = new TestTargets(List.of(new ChapCredentials("alice", "alicesecret12")),
                new ChapCredentials("quiver", "targetsecret1"), Map.of())) {
            IscsiSession s = IscsiSession.login(group, new SessionSettings("127.0.0.1", t.port(), INITIATOR,
                    TestTargets.IQN, "alice", "alicesecret12", "quiver", "targetsecret1", false)).get(10, TimeUnit.SECONDS);
            writeReadBack(s, 0);
            s.logout().get(10, TimeUnit.SECONDS);
            ExecutionException wrong = assertThrows(ExecutionException.class, () -> IscsiSession.login(group,
                    new SessionSettings("127.0.0.1", t.port(), INITIATOR, TestTargets.IQN, "alice", "wrongsecret12",
                            null, null, false)).get(10, TimeUnit.SECONDS));
            assertInstanceOf(java.io.IOException.class, wrong.getCause());
        }
    }

    @Test
    void lostConnectionFailsCommandsAndTheNextOneReconnects() throws Exception {
        try (TestTargets t = new TestTargets()) {
            IscsiSession s = IscsiSession.login(group, SessionSettings.of("127.0.0.1", t.port(), INITIATOR,
                    TestTargets.IQN)).get(10, TimeUnit.SECONDS);
            writeReadBack(s, 0);
            s.dropConnection();
            writeReadBack(s, 0);
            s.close();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> s.execute(IscsiSession.lun(0), cdb(0, 0, 0, 0, 0, 0), false, 0, null).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ConnectionLostException.class, e.getCause());
        }
        // Nothing listening: a clear failure, not a hang.
        ExecutionException e = assertThrows(ExecutionException.class, () -> IscsiSession.login(group,
                SessionSettings.of("127.0.0.1", 30899, INITIATOR, TestTargets.IQN)).get(15, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, e.getCause());
    }
}
