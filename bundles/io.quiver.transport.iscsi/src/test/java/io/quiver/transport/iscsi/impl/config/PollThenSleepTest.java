package io.quiver.transport.iscsi.impl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.SelectStrategy;
import org.junit.jupiter.api.Test;

/** {@link PollThenSleep}'s decisions: take ready I/O, run tasks, poll inside the window, sleep after it. */
class PollThenSleepTest {

    @Test
    void readyIoIsTakenAndOpensTheWindow() throws Exception {
        SelectStrategy s = PollThenSleep.factory(10_000_000).newSelectStrategy(); // 10 s: never closes in a test
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(() -> 0, false), "no I/O yet: sleep");
        assertEquals(3, s.calculateStrategy(() -> 3, false));
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(() -> 0, false), "inside the window: poll");
        assertEquals(0, s.calculateStrategy(() -> 0, true), "tasks waiting: run them");
        assertEquals(2, s.calculateStrategy(() -> 2, true));
    }

    @Test
    void sleepsOnceTheWindowHasPassed() throws Exception {
        SelectStrategy s = PollThenSleep.factory(1).newSelectStrategy();
        assertEquals(1, s.calculateStrategy(() -> 1, false));
        Thread.sleep(2); // longer than the 1 us window
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(() -> 0, false));
    }
}
