package io.quiver.itests;

import static org.junit.Assert.assertEquals;

import io.quiver.transport.iscsi.impl.session.RawScsiInitiator;
import io.quiver.transport.iscsi.impl.session.RawScsiInitiator.Result;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sessions of {@link RawScsiInitiator} as the reliability ITs open them: retried while a freshly started
 * target is still coming up, unit attentions of the new nexus consumed. Stateless.
 */
final class Initiators {

    /** The IQN prefix of every initiator the ITs name. */
    static final String IQN = "iqn.2026-11.io.quiver.itests:";

    private Initiators() {
    }

    /** Logs in to {@code target} as {@code IQN + name}, retrying for up to 60 s while login fails. */
    static RawScsiInitiator connect(int port, String target, String name) throws Exception {
        IOException last = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < deadline;) {
            try {
                return new RawScsiInitiator(port, target, IQN + name);
            } catch (IOException notYet) {
                last = notYet;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no login to " + target + " as " + name + " within 60 s", last);
    }

    /** TEST UNIT READY until GOOD: the unit attentions of a new nexus are consumed. */
    static void clearUnitAttentions(RawScsiInitiator i, int lun) throws Exception {
        assertGood("TEST UNIT READY LUN " + lun, Cdb.poll(() -> i.execute(lun, Cdb.testUnitReady(), null, 0), r -> r.status == 0));
    }

    /** REPORT LUNS until it lists {@code expected}: configurations apply after the portal listens. */
    static void awaitLuns(RawScsiInitiator i, List<Integer> expected) throws Exception {
        assertEquals("REPORT LUNS", expected, Cdb.poll(() -> Cdb.luns(i.execute(0, Cdb.reportLuns(4096), null, 4096).data),
                expected::equals));
    }

    static void assertGood(String what, Result r) {
        assertEquals(what + ": " + r, 0, r.status);
    }
}
