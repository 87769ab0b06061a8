package io.quiver.sbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeLockTest {

    @Test
    void overlappingRangesWaitInOrderDisjointOnesDoNot() {
        RangeLock lock = new RangeLock(Runnable::run);
        List<String> ran = new ArrayList<>();
        List<RangeLock.Grant> held = new ArrayList<>();
        lock.acquire(0, 10, g -> {
            ran.add("a");
            held.add(g);
        });
        lock.acquire(5, 10, g -> {
            ran.add("b");
            held.add(g);
        });
        lock.acquire(20, 1, g -> {
            ran.add("c");
            g.release();
        });
        lock.acquire(14, 1, g -> {
            ran.add("d");
            g.release();
        });
        assertEquals(List.of("a", "c"), ran);
        held.get(0).release();
        assertEquals(List.of("a", "c", "b"), ran);
        held.get(1).release();
        assertEquals(List.of("a", "c", "b", "d"), ran);
        assertEquals(0, lock.size());
    }

    @Test
    void aGrantIsReleasedOnce() {
        RangeLock lock = new RangeLock(Runnable::run);
        List<RangeLock.Grant> held = new ArrayList<>();
        lock.acquire(0, 1, held::add);
        held.get(0).release();
        assertThrows(IllegalStateException.class, () -> held.get(0).release());
    }

    @Test
    void sharedRangesOverlapEachOtherButNotAnExclusiveOne() {
        RangeLock lock = new RangeLock(Runnable::run);
        List<String> ran = new ArrayList<>();
        List<RangeLock.Grant> held = new ArrayList<>();
        lock.acquireShared(0, 10, g -> {
            ran.add("r1");
            held.add(g);
        });
        lock.acquireShared(5, 10, g -> {
            ran.add("r2");
            held.add(g);
        });
        lock.acquire(8, 2, g -> {
            ran.add("w");
            g.release();
        });
        lock.acquireShared(9, 1, g -> {
            ran.add("r3");
            g.release();
        });
        lock.acquireShared(30, 1, g -> {
            ran.add("r4");
            g.release();
        });
        assertEquals(List.of("r1", "r2", "r4"), ran, "r3 waits behind the waiting writer");
        held.get(0).release();
        assertEquals(List.of("r1", "r2", "r4"), ran);
        held.get(1).release();
        assertEquals(List.of("r1", "r2", "r4", "w", "r3"), ran);
        assertEquals(0, lock.size());
    }
}
