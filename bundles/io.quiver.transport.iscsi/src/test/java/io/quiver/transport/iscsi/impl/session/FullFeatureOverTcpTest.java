package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.iscsi.login.IscsiKey;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Full feature phase over real TCP with the hand-written initiator. */
class FullFeatureOverTcpTest {

    private static final byte[] TEST_UNIT_READY = new byte[6];

    private static byte[] read10(int lba, int blocks) {
        return ByteBuffer.allocate(10).put(0, (byte) 0x28).putInt(2, lba).putShort(7, (short) blocks).array();
    }

    private static byte[] write10(int lba, int blocks) {
        return ByteBuffer.allocate(10).put(0, (byte) 0x2A).putInt(2, lba).putShort(7, (short) blocks).array();
    }

    @Test
    void nopOutIsEchoedAndPingAnswersAreSilent() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            ByteBuffer nop = RawInitiator.bhs(0x40, 0x80).putInt(16, 0x77).putInt(20, -1).putInt(24, i.cmdSn);
            i.send(nop, new byte[] {1, 2, 3, 4, 5});
            RawInitiator.Pdu r = i.receive();
            assertEquals(0x20, r.opcode());
            assertEquals(0x77, r.intAt(16));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, r.data);
            i.send(RawInitiator.bhs(0x40, 0x80).putInt(16, -1).putInt(20, -1).putInt(24, i.cmdSn), null);
            assertTrue(i.silentFor(300));
        }
    }

    @Test
    void crc32cDigestsOnBothDirections() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            RawInitiator.Pdu login = i.loginNormal(TestTargets.IQN, "HeaderDigest=CRC32C", "DataDigest=CRC32C,None");
            assertEquals("CRC32C", login.keys().get("HeaderDigest"));
            assertEquals("CRC32C", login.keys().get("DataDigest"));
            i.digests = true;
            i.send(RawInitiator.bhs(0x40, 0x80).putInt(16, 0x55).putInt(20, -1).putInt(24, i.cmdSn), new byte[] {9, 9, 9});
            RawInitiator.Pdu echo = i.receive();
            assertArrayEquals(new byte[] {9, 9, 9}, echo.data);
            i.command(0xC0, 0, 512, read10(0, 1), null, true);
            assertEquals(512, i.receive().data.length);
        }
    }

    @Test
    void commandsOutsideTheWindowAreDroppedAndEarlyOnesWait() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            int exp = i.cmdSn;
            i.cmdSn = exp - 1;
            i.command(0x80, 0, 0, TEST_UNIT_READY, null, false);
            i.cmdSn = exp + 1000;
            i.command(0x80, 0, 0, TEST_UNIT_READY, null, false);
            assertTrue(i.silentFor(300), "too low and too high CmdSN are ignored");
            i.itt = 2;
            i.cmdSn = exp + 1;
            i.command(0x80, 0, 0, TEST_UNIT_READY, null, false);
            assertTrue(i.silentFor(300), "CmdSN ahead of ExpCmdSN waits for the gap");
            i.itt = 3;
            i.cmdSn = exp;
            i.command(0x80, 0, 0, TEST_UNIT_READY, null, false);
            RawInitiator.Pdu a = i.receive();
            RawInitiator.Pdu b = i.receive();
            assertEquals(3, a.intAt(16));
            assertEquals(2, b.intAt(16));
            assertEquals(exp + 2, b.intAt(28), "ExpCmdSN");
            assertEquals(exp + 2 + 15, b.intAt(32), "MaxCmdSN from the core's queue depth 16");
        }
    }

    @Test
    void writeThroughSeveralOutstandingR2tsThenReadBackCollapsed() throws Exception {
        try (TestTargets t = new TestTargets(List.of(), null, Map.of(IscsiKey.MAX_OUTSTANDING_R2T, "2"));
                RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN, "InitialR2T=Yes", "ImmediateData=No", "MaxBurstLength=1024",
                    "MaxOutstandingR2T=4", "MaxRecvDataSegmentLength=512");
            byte[] payload = new byte[4096];
            for (int k = 0; k < payload.length; k++) {
                payload[k] = (byte) (k * 31);
            }
            i.command(0xA0, 0, 4096, write10(10, 8), null, true);
            RawInitiator.Pdu r1 = i.receive();
            RawInitiator.Pdu r2 = i.receive();
            assertEquals(0x31, r1.opcode());
            assertEquals(0x31, r2.opcode());
            assertTrue(i.silentFor(200), "at most MaxOutstandingR2T (2) R2Ts at a time");
            int offset = 0;
            int r2ts = 2;
            RawInitiator.Pdu r2t = r1;
            RawInitiator.Pdu pending = r2;
            while (true) {
                assertEquals(offset, r2t.intAt(40));
                assertEquals(1024, r2t.intAt(44));
                byte[] chunk = java.util.Arrays.copyOfRange(payload, offset, offset + 1024);
                i.dataOut(1, r2t.intAt(20), 0, offset, true, chunk);
                offset += 1024;
                if (offset == 4096) {
                    break;
                }
                r2t = pending;
                pending = offset + 1024 < 4096 ? i.receive() : null;
                if (pending != null) {
                    r2ts++;
                }
            }
            assertEquals(4, r2ts);
            RawInitiator.Pdu status = i.receive();
            assertEquals(0x21, status.opcode());
            assertEquals(0, status.bhs.get(3));

            i.itt = 2;
            i.command(0xC0, 0, 8192, read10(10, 8), null, true);
            ByteBuffer got = ByteBuffer.allocate(4096);
            RawInitiator.Pdu d;
            int pdus = 0;
            do {
                d = i.receive();
                assertEquals(0x25, d.opcode());
                assertEquals(pdus++, d.intAt(36), "DataSN");
                assertEquals(got.position(), d.intAt(40), "buffer offset");
                assertTrue(d.data.length <= 512);
                got.put(d.data);
            } while ((d.flags() & 0x01) == 0);
            assertEquals(8, pdus);
            assertEquals(0x80 | 0x02 | 0x01, d.flags(), "final, underflow, status collapsed");
            assertEquals(4096, d.intAt(44), "residual");
            assertArrayEquals(payload, got.array());
        }
    }

    @Test
    void checkConditionCarriesSense() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            i.command(0xC0, 0, 512, new byte[] {(byte) 0xF0, 0, 0, 0, 0, 0}, null, true);
            RawInitiator.Pdu r = i.receive();
            assertEquals(0x21, r.opcode());
            assertEquals(0x02, r.bhs.get(3));
            assertEquals(18, ((r.data[0] & 0xFF) << 8) | (r.data[1] & 0xFF));
            assertEquals(0x05, r.data[2 + 2] & 0x0F);
            assertEquals(0x20, r.data[2 + 12]);

            i.itt = 2;
            i.command(0xC0, 0, 512, new byte[] {(byte) 0xEE, 0, 0, 0, 0, 0}, null, true);
            r = i.receive();
            assertEquals(0x02, r.bhs.get(3), "a core exception still answers the command");
            assertEquals(0x04, r.data[2 + 2] & 0x0F);
            assertEquals(0x44, r.data[2 + 12]);
        }
    }

    /** libiscsi iSCSIdatasn: a DataSN out of order is CHECK CONDITION after the last Data-Out, not a drop. */
    @Test
    void dataSnOutOfOrderFailsTheCommandOnceItsDataIsInAndKeepsTheConnection() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN, "InitialR2T=No", "ImmediateData=Yes");
            i.command(0x20, 0, 1536, write10(0, 3), null, true);
            i.dataOut(1, -1, 0, 0, false, new byte[512]);
            i.dataOut(1, -1, 0, 512, false, new byte[512]);
            assertTrue(i.silentFor(300), "no answer before the unsolicited sequence ends");
            i.dataOut(1, -1, 2, 1024, true, new byte[512]);
            assertAbortedCommand(i.receive());

            // F set on the command: no unsolicited Data-Out follows, so the data comes through an R2T.
            i.itt = 2;
            i.command(0xA0, 0, 512, write10(0, 1), null, true);
            RawInitiator.Pdu r2t = i.receive();
            assertEquals(0x31, r2t.opcode());
            i.dataOut(2, r2t.intAt(20), 27, 0, true, new byte[512]);
            assertAbortedCommand(i.receive());

            i.itt = 3;
            i.command(0x80, 0, 0, TEST_UNIT_READY, null, true);
            RawInitiator.Pdu good = i.receive();
            assertEquals(0x21, good.opcode());
            assertEquals(0, good.bhs.get(3), "the connection carries on");
        }
    }

    private static void assertAbortedCommand(RawInitiator.Pdu r) {
        assertEquals(0x21, r.opcode());
        assertEquals(0x02, r.bhs.get(3), "CHECK CONDITION");
        assertEquals(0x0B, r.data[2 + 2] & 0x0F, "ABORTED COMMAND");
        assertEquals(0x4B, r.data[2 + 12] & 0xFF, "DATA PHASE ERROR");
    }

    @Test
    void dataOutForUnknownTransferIsRejected() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN, "InitialR2T=Yes", "ImmediateData=No");
            i.command(0xA0, 0, 512, write10(0, 1), null, true);
            RawInitiator.Pdu r2t = i.receive();
            assertEquals(0x31, r2t.opcode());
            i.dataOut(1, r2t.intAt(20) + 99, 0, 0, true, new byte[512]);
            RawInitiator.Pdu reject = i.receive();
            assertEquals(0x3F, reject.opcode());
            assertEquals(0x09, reject.bhs.get(2));
            assertEquals(48, reject.data.length);
            i.dataOut(77, -1, 0, 0, true, new byte[512]);
            assertEquals(0x3F, i.receive().opcode());
            i.dataOut(1, r2t.intAt(20), 0, 0, true, new byte[512]);
            assertEquals(0x21, i.receive().opcode());
            i.dataOut(1, r2t.intAt(20), 1, 512, true, new byte[512]);
            assertTrue(i.silentFor(300), "late Data-Out of a finished task is dropped quietly");
        }
    }

    /**
     * Regression: a Logout closing the session ends the I_T nexus in the core before the Logout Response goes
     * out, so an initiator that logs in again and reserves at once never meets its old nexus (its SPC-2
     * reservation) still alive; the core's close here takes 300 ms, so a close after the response would show.
     */
    @Test
    void logoutEndsTheNexusBeforeTheResponse() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            t.core.closeDelayMs = 300;
            i.send(RawInitiator.bhs(0x46, 0x80).putInt(16, 9).putInt(24, i.cmdSn), null);
            RawInitiator.Pdu logout = i.receive();
            assertEquals(0x26, logout.opcode());
            assertEquals(1, t.core.closedSessions.size(), "the nexus had ended when the Logout Response came");
            assertTrue(i.closedByTarget());
        }
    }

    /**
     * Regression (ClusterIT, libiscsi's Reserve6.Logout across nodes): the Logout Response waits until the nexus
     * loss is visible everywhere ({@code Session.end}), which for a cluster_mode unit is a change of the
     * shared state made on another thread after {@code close()} returned.
     */
    @Test
    void logoutResponseWaitsUntilTheNexusLossIsSeenEverywhere() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            java.util.concurrent.CompletableFuture<Void> shared = new java.util.concurrent.CompletableFuture<>();
            t.core.nexusLossSeen = shared;
            i.send(RawInitiator.bhs(0x46, 0x80).putInt(16, 9).putInt(24, i.cmdSn), null);
            assertTrue(i.silentFor(300), "no Logout Response while the release is not in the shared state");
            assertEquals(1, t.core.closedSessions.size());
            new Thread(() -> shared.complete(null)).start(); // the shared change completes on its own thread
            RawInitiator.Pdu logout = i.receive();
            assertEquals(0x26, logout.opcode());
            assertEquals(0, logout.bhs.get(2), "connection or session closed successfully");
            assertTrue(i.closedByTarget());
        }
    }

    @Test
    void sendTargetsTaskManagementSnackAndLogout() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            i.send(RawInitiator.bhs(0x04, 0x80).putInt(16, 5).putInt(20, -1).putInt(24, i.cmdSn++),
                    RawInitiator.text("SendTargets=All"));
            RawInitiator.Pdu text = i.receive();
            assertEquals(0x24, text.opcode());
            assertEquals(TestTargets.IQN, text.keys().get("TargetName"));
            assertEquals("127.0.0.1:" + t.port() + ",1", text.keys().get("TargetAddress"));

            i.send(RawInitiator.bhs(0x02, 0x80 | 1).putInt(16, 6).putInt(20, 1234).putInt(24, i.cmdSn++), null);
            RawInitiator.Pdu tmf = i.receive();
            assertEquals(0x22, tmf.opcode());
            assertEquals(0, tmf.bhs.get(2));
            i.send(RawInitiator.bhs(0x02, 0x80 | 8).putInt(16, 7).putInt(24, i.cmdSn++), null);
            assertEquals(4, i.receive().bhs.get(2), "TASK REASSIGN needs ErrorRecoveryLevel 2");

            i.send(RawInitiator.bhs(0x10, 0x80).putInt(16, 8), null);
            RawInitiator.Pdu reject = i.receive();
            assertEquals(0x3F, reject.opcode());
            assertEquals(0x03, reject.bhs.get(2));

            i.send(RawInitiator.bhs(0x46, 0x80).putInt(16, 9).putShort(20, (short) 1).putInt(24, i.cmdSn), null);
            RawInitiator.Pdu logout = i.receive();
            assertEquals(0x26, logout.opcode());
            assertEquals(0, logout.bhs.get(2));
            assertTrue(i.closedByTarget());
        }
    }

    @Test
    void targetPingsAndDropsASilentInitiator() throws Exception {
        try (TestTargets t = new TestTargets(new ConnectionSettings(5, 1, 1, 2), List.of(), null, Map.of(),
                "127.0.0.1:0"); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            RawInitiator.Pdu ping = i.receive();
            assertEquals(0x20, ping.opcode());
            assertEquals(-1, ping.intAt(16), "a ping has the reserved ITT");
            assertTrue(ping.intAt(20) != -1, "and asks for an answer with its TTT");
            i.send(RawInitiator.bhs(0x40, 0x80).putInt(16, -1).putInt(20, ping.intAt(20)).putInt(24, i.cmdSn), null);
            RawInitiator.Pdu next = i.receive();
            assertEquals(0x20, next.opcode(), "answered: the session lives on and is pinged again");
            assertTrue(next.intAt(20) != ping.intAt(20));
            assertTrue(i.closedByTarget(), "unanswered: dropped after the timeout");
        }
    }

    @Test
    void removedTargetAsksForLogout() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            t.driver.removeTarget(TestTargets.IQN, "test");
            RawInitiator.Pdu async = i.receive();
            assertEquals(0x32, async.opcode());
            assertEquals(1, async.bhs.get(36));
            assertEquals(2, async.bhs.getShort(42), "logout within the configured timeout");
            assertTrue(i.closedByTarget());
        }
    }

    @Test
    void theNexusIsNamedByTargetNameAndPortalGroupTag() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            i.loginNormal(TestTargets.IQN);
            assertEquals(PortDesignators.of(TestTargets.IQN, 1), t.core.transports.get(0).designators());
        }
    }

    @Test
    void sendTargetsListsEveryPortalWithItsGroupTag() throws Exception {
        try (TestTargets t = new TestTargets(List.of(), null, Map.of(), "127.0.0.1:0", "[::1]:0");
                RawInitiator i = new RawInitiator(t.port())) {
            i.login(true, 1, 3, RawInitiator.text("InitiatorName=iqn.2026-11.io.quiver:raw", "SessionType=Discovery"));
            i.send(RawInitiator.bhs(0x44, 0x80).putInt(16, 5).putInt(20, -1).putInt(24, i.cmdSn),
                    RawInitiator.text("SendTargets=All"));
            String text = i.receive().text();
            assertTrue(text.contains("TargetAddress=127.0.0.1:" + t.port() + ",1\0"), text);
            assertTrue(text.contains("TargetAddress=" + t.driver.registry().portals().get(1) + ",1\0"), text);
            assertTrue(t.driver.registry().portals().get(1).startsWith("[::1]:"), t.driver.registry().portals().toString());
        }
    }

    @Test
    void discoverySessionListsTargetsAndRefusesCommands() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            RawInitiator.Pdu r = i.login(true, 1, 3, RawInitiator.text("InitiatorName=iqn.2026-11.io.quiver:raw",
                    "SessionType=Discovery", "MaxBurstLength=4096", "MaxRecvDataSegmentLength=8192"));
            assertEquals(0, r.shortAt36());
            assertEquals("Irrelevant", r.keys().get("MaxBurstLength"));
            i.send(RawInitiator.bhs(0x44, 0x80).putInt(16, 5).putInt(20, -1).putInt(24, i.cmdSn),
                    RawInitiator.text("SendTargets=All"));
            assertEquals(TestTargets.IQN, i.receive().keys().get("TargetName"));
            i.command(0x80, 0, 0, TEST_UNIT_READY, null, true);
            assertEquals(0x3F, i.receive().opcode());
        }
    }
}
