package io.quiver.cluster.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.state.ConnectionState;
import org.junit.jupiter.api.Test;

/**
 * The fencing decision on a clock the test moves: a pause of the node (the clock jumps past a third of the
 * session timeout between two ticks) fences it from the first command after the pause, before the ticker ran,
 * until the round trip issued after that pause is confirmed; an earlier pause's confirmation does not count.
 */
class FencingClockTest {

    private static final int SESSION_MS = 6000;

    @Test
    void aPauseFencesUntilZooKeeperAnswersAfterIt() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        FencingClock clock = new FencingClock(0, SESSION_MS, now::get);
        clock.stateChanged(null, ConnectionState.CONNECTED);
        LinkedBlockingQueue<Long> roundTrips = new LinkedBlockingQueue<>();
        clock.start(roundTrips::add);
        try {
            assertFalse(clock.fenced(), "connected, no pause");
            advanceWithTicks(now, 500);
            assertFalse(clock.fenced(), "ticks every 100 ms: no pause");
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(SESSION_MS)); // SIGSTOP ... SIGCONT
            assertTrue(clock.fenced(), "the first command after the pause, before the ticker noticed");
            Long pause = roundTrips.poll(5, TimeUnit.SECONDS);
            assertTrue(pause != null, "the ticker issued a round trip after the pause");
            assertTrue(clock.fenced(), "still fenced while ZooKeeper has not answered");
            clock.confirmed(pause - 1);
            assertTrue(clock.fenced(), "an earlier pause's answer does not confirm this one");
            clock.confirmed(pause);
            assertFalse(clock.fenced(), "ZooKeeper answered after the pause: the session outlived it");
        } finally {
            clock.stop();
        }
    }

    @Test
    void aReconnectionAfterAPauseUnfences() throws Exception {
        AtomicLong now = new AtomicLong(0);
        FencingClock clock = new FencingClock(0, SESSION_MS, now::get);
        clock.stateChanged(null, ConnectionState.CONNECTED);
        LinkedBlockingQueue<Long> roundTrips = new LinkedBlockingQueue<>();
        clock.start(roundTrips::add);
        try {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2 * SESSION_MS));
            assertTrue(roundTrips.poll(5, TimeUnit.SECONDS) != null);
            clock.stateChanged(null, ConnectionState.LOST); // the session expired during the pause
            assertTrue(clock.fenced());
            clock.stateChanged(null, ConnectionState.RECONNECTED); // a new session
            assertFalse(clock.fenced());
        } finally {
            clock.stop();
        }
    }

    /** Moves the clock forward {@code ms} in 50 ms steps, giving the ticker time to run between them. */
    private static void advanceWithTicks(AtomicLong now, int ms) throws InterruptedException {
        for (int t = 0; t < ms; t += 50) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
            Thread.sleep(50);
        }
    }
}
