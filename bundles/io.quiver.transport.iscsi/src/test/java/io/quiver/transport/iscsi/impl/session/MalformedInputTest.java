package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Malformed input over real TCP, one class per test, each answered as RFC 7143 asks (Reject, drop, or
 * silence) and each followed by a well-behaved session on the same target that must still work. The
 * answers are listed in docs/reliability.md, "Malformed input".
 */
class MalformedInputTest {

    private static final byte[] PING = "ping".getBytes(StandardCharsets.US_ASCII);

    /** A second initiator logs in and gets its NOP-Out echoed: the bad one did no harm. */
    private static void wellBehavedSessionWorks(TestTargets t) throws IOException {
        try (RawInitiator good = new RawInitiator(t.port())) {
            assertEquals(0, good.loginNormal(TestTargets.IQN, "HeaderDigest=None").shortAt36());
            good.ping(77, PING);
            RawInitiator.Pdu echo = good.receive();
            assertEquals(0x20, echo.opcode());
            assertEquals(77, echo.intAt(16));
            assertArrayEquals(PING, echo.data);
        }
    }

    private static RawInitiator loggedIn(TestTargets t, String... keys) throws IOException {
        RawInitiator i = new RawInitiator(t.port());
        assertEquals(0, i.loginNormal(TestTargets.IQN, keys).shortAt36());
        return i;
    }

    private static byte[] header(int opcode, int dataSegmentLength) {
        ByteBuffer b = RawInitiator.bhs(opcode, 0x80).putInt(16, 5).putInt(20, -1);
        b.put(5, (byte) (dataSegmentLength >> 16)).put(6, (byte) (dataSegmentLength >> 8)).put(7, (byte) dataSegmentLength);
        return b.array();
    }

    private static void assertReject(RawInitiator.Pdu r, int reason) {
        assertEquals(0x3F, r.opcode());
        assertEquals(reason, r.bhs.get(2) & 0xFF);
    }

    @Test
    void truncatedBhsThenClose() throws Exception {
        try (TestTargets t = new TestTargets()) {
            try (RawInitiator i = loggedIn(t)) {
                i.raw(java.util.Arrays.copyOf(header(0x00, 0), 20));
            }
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void unknownOpcodeIsRejectedAndTheConnectionDropped() throws Exception {
        try (TestTargets t = new TestTargets()) {
            try (RawInitiator i = loggedIn(t)) {
                i.raw(header(0x1E, 0));
                assertReject(i.receive(), 0x04);
                assertTrue(i.closedByTarget());
            }
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void segmentLengthBeyondTheLimitIsRejectedBeforeItsDataArrives() throws Exception {
        try (TestTargets t = new TestTargets()) {
            for (int length : new int[] {262144 + 1, 0xFFFFFF}) {
                try (RawInitiator i = loggedIn(t)) {
                    // Only the header is sent: the answer cannot wait for (or buffer) the announced data.
                    i.raw(header(0x00, length));
                    assertReject(i.receive(), 0x04);
                    assertTrue(i.closedByTarget());
                }
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                i.raw(header(0x03, 8193));
                assertTrue(i.closedByTarget(), "during login the limit is 8192");
            }
            wellBehavedSessionWorks(t);
        }
    }

    private static byte[] withDigests(byte[] bhs, byte[] data, boolean badHeader, boolean badData) {
        ByteBuffer b = ByteBuffer.allocate(48 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(bhs).putInt(crc(bhs) ^ (badHeader ? 1 : 0)).put(data).putInt(crc(data) ^ (badData ? 1 : 0));
        return b.array();
    }

    private static int crc(byte[] b) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b);
        return (int) c.getValue();
    }

    @Test
    void badDataDigestIsRejectedAndBadHeaderDigestDropsTheConnection() throws Exception {
        try (TestTargets t = new TestTargets()) {
            try (RawInitiator i = loggedIn(t, "HeaderDigest=CRC32C", "DataDigest=CRC32C")) {
                i.digests = true;
                byte[] bhs = header(0x40, 4);
                bhs[1] = (byte) 0x80;
                i.raw(withDigests(bhs, PING, false, true));
                assertReject(i.receive(), 0x02);
                i.ping(8, PING);
                assertEquals(0x20, i.receive().opcode(), "a data digest error keeps the connection (ERL 0)");
                i.raw(withDigests(bhs, PING, true, false));
                assertTrue(i.closedByTarget(), "a header digest error loses framing: drop");
            }
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void cmdSnOutsideTheWindowIsIgnored() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = loggedIn(t)) {
            i.send(RawInitiator.bhs(0x00, 0x80).putInt(16, 9).putInt(20, -1).putInt(24, i.cmdSn + 100000), PING);
            assertTrue(i.silentFor(300), "no answer, no drop");
            i.ping(10, PING);
            assertEquals(10, i.receive().intAt(16));
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void dataOutForAnUnknownTagOrBeyondTheBurstIsRejected() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = loggedIn(t, "InitialR2T=No", "FirstBurstLength=512")) {
            i.dataOut(0x1234, 0x5678, 0, 0, true, new byte[512]);
            assertReject(i.receive(), 0x09);
            // WRITE(10) of 2 blocks with no immediate data: 512 bytes may come unsolicited, not 1024.
            byte[] write = {0x2A, 0, 0, 0, 0, 0, 0, 0, 2, 0};
            i.itt = 40;
            i.command(0x20, 0, 1024, write, null, true);
            i.dataOut(40, -1, 0, 0, true, new byte[1024]);
            RawInitiator.Pdu r = i.receive();
            while (r.opcode() == 0x31) {
                r = i.receive(); // the R2T for the solicited part may come first
            }
            assertReject(r, 0x09);
            i.ping(11, PING);
            RawInitiator.Pdu next = i.receive();
            while (next.opcode() != 0x20) {
                next = i.receive();
            }
            assertEquals(11, next.intAt(16), "the connection goes on");
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void loginPduAfterLoginIsRejected() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = loggedIn(t)) {
            i.send(RawInitiator.bhs(0x43, 0x87).putInt(16, 3), RawInitiator.text("InitiatorName=iqn.x"));
            assertReject(i.receive(), 0x04);
            i.ping(12, PING);
            assertEquals(12, i.receive().intAt(16));
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void oversizedKeysAndValuesFailTheLogin() throws Exception {
        try (TestTargets t = new TestTargets()) {
            try (RawInitiator i = new RawInitiator(t.port())) {
                assertEquals(0x0200, i.loginNormal(TestTargets.IQN, "K".repeat(64) + "=1").shortAt36());
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                // A value of 8193 characters has to span two PDUs (C bit): one PDU is limited to 8192 bytes.
                String first = "InitiatorName=iqn.2026-11.io.quiver:raw\0TargetName=" + TestTargets.IQN
                        + "\0X-v.big=" + "v".repeat(5000);
                assertEquals(0, i.loginContinued(1, first.getBytes(StandardCharsets.UTF_8)).shortAt36());
                assertEquals(0x0200, i.login(true, 1, 3, RawInitiator.text("v".repeat(3193))).shortAt36());
            }
            try (RawInitiator i = new RawInitiator(t.port())) {
                i.raw(header(0x43, 8193));
                assertTrue(i.closedByTarget(), "a login PDU above 8192 bytes: drop, framing cannot be trusted");
            }
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void slowlorisIsClosedByTheLoginTimeout() throws Exception {
        try (TestTargets t = new TestTargets(new ConnectionSettings(1, 0, 5, 2), List.of(), null, Map.of(),
                "127.0.0.1:0"); RawInitiator slow = new RawInitiator(t.port())) {
            byte[] login = header(0x03, 0);
            boolean closed = false;
            for (int n = 0; n < login.length && !closed; n++) {
                try {
                    slow.raw(new byte[] {login[n]});
                    closed = !slow.silentFor(250);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed || slow.closedByTarget(), "dropped before its 48-byte header was complete");
            wellBehavedSessionWorks(t);
        }
    }

    @Test
    void aConnectionThatNeverReadsIsThrottledNotBuffered() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator greedy = loggedIn(t)) {
            AtomicLong written = new AtomicLong();
            byte[] data = new byte[8192];
            Thread writer = new Thread(() -> {
                try {
                    for (int n = 0; n < 16384; n++) {
                        greedy.ping(n, data);
                        written.addAndGet(48 + data.length);
                    }
                } catch (IOException e) {
                    // The socket is closed at the end of the test.
                }
            });
            writer.setDaemon(true);
            writer.start();
            long last = -1;
            while (written.get() != last) {
                last = written.get();
                Thread.sleep(500);
            }
            System.out.println("initiator that never reads: target took " + written.get() + " bytes, then stopped reading");
            assertTrue(writer.isAlive(), "the writer is blocked: the target stopped reading");
            assertTrue(written.get() < 32L << 20, "target took " + written.get() + " bytes it could not answer");
            wellBehavedSessionWorks(t);
            greedy.close();
            writer.join(5000);
        }
    }
}
