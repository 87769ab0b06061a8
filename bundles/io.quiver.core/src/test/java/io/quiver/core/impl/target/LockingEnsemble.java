package io.quiver.core.impl.target;

import io.quiver.spi.cluster.ReservationStore;
import io.quiver.spi.cluster.SharedState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The device lock and the relative target port ids of the {@link ReservationStore} contract in one JVM, for
 * tests of the core's use of them: one semaphore shared by every node (as Curator's lease is), which records who
 * took it and on which thread it was given back, and ids allocated from 7 up per node and target. Reservation
 * state is not kept (always absent). Thread-safe.
 */
final class LockingEnsemble {

    private final Semaphore lease = new Semaphore(1, true);
    /** The node ids in the order they took the lock. */
    final BlockingQueue<String> holders = new LinkedBlockingQueue<>();
    /** The threads that released the lock, in order. */
    final BlockingQueue<Thread> releasers = new LinkedBlockingQueue<>();

    private final Map<String, Integer> portIds = new ConcurrentHashMap<>();
    /** What each node published last: its relative target port ids. */
    final Map<String, Set<Integer>> published = new ConcurrentHashMap<>();

    /** One node's store. */
    ReservationStore node(String id) {
        return new ReservationStore() {
            @Override
            public String nodeId() {
                return id;
            }

            @Override
            public String clusterId() {
                return "lock-test";
            }

            @Override
            public boolean fenced() {
                return false;
            }

            @Override
            public List<String> liveNodes() {
                return List.of(id);
            }

            @Override
            public SharedState read(String device) {
                return new SharedState(new byte[0], SharedState.ABSENT);
            }

            @Override
            public long compareAndSet(String device, long expectedVersion, byte[] data) {
                return SharedState.ABSENT;
            }

            @Override
            public AutoCloseable watch(String device, Consumer<SharedState> listener) {
                return () -> { };
            }

            @Override
            public void acknowledge(String device, long version) {
            }

            @Override
            public boolean awaitAcknowledged(String device, long version, Duration timeout) {
                return true;
            }

            @Override
            public int relativeTargetPortId(String targetName, int requested) {
                synchronized (portIds) {
                    return portIds.computeIfAbsent(id + "/" + targetName, k -> 7 + portIds.size());
                }
            }

            @Override
            public void publishTargetPorts(Set<Integer> relativeTargetPorts) {
                published.put(id, Set.copyOf(relativeTargetPorts));
            }

            @Override
            public AutoCloseable lock(String device, Duration timeout) throws InterruptedException {
                if (!lease.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return null;
                }
                holders.add(id);
                AtomicBoolean released = new AtomicBoolean();
                return () -> {
                    if (!released.getAndSet(true)) {
                        releasers.add(Thread.currentThread());
                        lease.release();
                    }
                };
            }
        };
    }
}
