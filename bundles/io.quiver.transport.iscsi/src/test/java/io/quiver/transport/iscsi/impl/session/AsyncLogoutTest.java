package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Stopping the driver asks every session to log out with an Asynchronous Message (AsyncEvent 1, RFC 7143
 * 11.9.1) and lets an initiator that complies log out cleanly before the portals close.
 */
class AsyncLogoutTest {

    @Test
    void stoppingTheDriverAsksForLogoutAndWaitsForIt() throws Exception {
        try (TestTargets t = new TestTargets(); RawInitiator i = new RawInitiator(t.port())) {
            assertEquals(0, i.loginNormal(TestTargets.IQN).shortAt36());
            Thread stopper = new Thread(t.driver::stop);
            stopper.start();
            RawInitiator.Pdu async = i.receive();
            assertEquals(0x32, async.opcode());
            assertEquals(1, async.bhs.get(36), "AsyncEvent 1: logout requested");
            i.send(RawInitiator.bhs(0x46, 0x80).putInt(16, 21).putShort(20, (short) 1).putInt(24, i.cmdSn)
                    .putInt(28, i.expStatSn), null);
            RawInitiator.Pdu logout = i.receive();
            assertEquals(0x26, logout.opcode());
            assertEquals(0, logout.bhs.get(2), "connection or session closed successfully");
            assertTrue(i.closedByTarget());
            stopper.join(10_000);
            assertFalse(stopper.isAlive());
        }
    }
}
