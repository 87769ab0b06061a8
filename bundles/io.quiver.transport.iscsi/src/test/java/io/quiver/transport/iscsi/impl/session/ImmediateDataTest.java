package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a WRITE whose data all came as immediate data is handed to a core asking from its own thread at
 * once, without a round trip through the event loop; the data is the initiator's, and a write whose data
 * is only partly immediate still gets R2Ts for the rest.
 */
class ImmediateDataTest {

    private static byte[] cdb(int opcode, int lba, int blocks) {
        return ByteBuffer.allocate(10).put(0, (byte) opcode).putInt(2, lba).putShort(7, (short) blocks).array();
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int k = 0; k < length; k++) {
            b[k] = (byte) (k * 7 + seed);
        }
        return b;
    }

    @Test
    void allImmediateDataIsThereWhenTheCoreAsks() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            t.core.dataOutFromOwnThread = true;
            i.loginNormal(TestTargets.IQN, "ImmediateData=Yes", "InitialR2T=Yes");
            byte[] data = pattern(4096, 3);
            i.command(0xA0, 0, 4096, cdb(0x2A, 20, 8), data, true);
            RawInitiator.Pdu status = i.receive();
            assertEquals(0x21, status.opcode());
            assertEquals(0, status.bhs.get(3), "GOOD");
            assertEquals(Boolean.TRUE, t.core.dataOutAnsweredAtOnce, "no hop for data that is already in");
            assertArrayEquals(data, read(i, 20, 8));
        }
    }

    @Test
    void partlyImmediateDataStillSolicitsTheRest() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            t.core.dataOutFromOwnThread = true;
            i.loginNormal(TestTargets.IQN, "ImmediateData=Yes", "InitialR2T=Yes");
            byte[] data = pattern(4096, 5);
            i.command(0xA0, 0, 4096, cdb(0x2A, 40, 8), Arrays.copyOf(data, 1024), true);
            RawInitiator.Pdu r2t = i.receive();
            assertEquals(0x31, r2t.opcode(), "R2T for the rest");
            assertEquals(1024, r2t.intAt(40));
            assertEquals(3072, r2t.intAt(44));
            i.dataOut(1, r2t.intAt(20), 0, 1024, true, Arrays.copyOfRange(data, 1024, 4096));
            RawInitiator.Pdu status = i.receive();
            assertEquals(0x21, status.opcode());
            assertEquals(0, status.bhs.get(3), "GOOD");
            assertTrue(t.core.dataOutAnsweredAtOnce != null);
            assertArrayEquals(data, read(i, 40, 8));
        }
    }

    private static byte[] read(RawInitiator i, int lba, int blocks) throws Exception {
        i.itt++;
        i.command(0xC0, 0, blocks * 512, cdb(0x28, lba, blocks), null, true);
        ByteBuffer got = ByteBuffer.allocate(blocks * 512);
        RawInitiator.Pdu d;
        do {
            d = i.receive();
            assertEquals(0x25, d.opcode());
            got.put(d.data);
        } while ((d.flags() & 0x01) == 0);
        return got.array();
    }
}
