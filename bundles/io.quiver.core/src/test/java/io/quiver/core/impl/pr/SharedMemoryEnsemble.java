package io.quiver.core.impl.pr;

import io.quiver.spi.cluster.ReservationStore;
import io.quiver.spi.cluster.SharedState;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The {@link ReservationStore} contract in one JVM, for the core's tests: one shared map with versions, watch
 * deliveries on a thread per node (as ZooKeeper's would arrive), acknowledgements. io.quiver.cluster tests the
 * same contract on a real ZooKeeper ensemble. Thread-safe (one monitor).
 */
final class SharedMemoryEnsemble {

    private final Map<String, SharedState> states = new HashMap<>();
    private final Map<String, Map<String, Consumer<SharedState>>> watchers = new HashMap<>();
    private final Map<String, Set<String>> acks = new HashMap<>();

    /** One node's view. */
    final class Node implements ReservationStore, AutoCloseable {
        private final String id;
        private final ExecutorService deliveries = Executors.newSingleThreadExecutor();
        volatile boolean fenced;

        Node(String id) {
            this.id = id;
        }

        @Override
        public String nodeId() {
            return id;
        }

        @Override
        public String clusterId() {
            return "test-cluster";
        }

        @Override
        public boolean fenced() {
            return fenced;
        }

        @Override
        public java.util.List<String> liveNodes() {
            synchronized (SharedMemoryEnsemble.this) {
                return nodes.keySet().stream().sorted().toList();
            }
        }

        @Override
        public SharedState read(String device) {
            synchronized (SharedMemoryEnsemble.this) {
                return states.getOrDefault(device, new SharedState(new byte[0], SharedState.ABSENT));
            }
        }

        @Override
        public long compareAndSet(String device, long expectedVersion, byte[] data) {
            SharedState next;
            synchronized (SharedMemoryEnsemble.this) {
                if (read(device).version() != expectedVersion) {
                    return SharedState.ABSENT;
                }
                next = new SharedState(data, expectedVersion + 1);
                states.put(device, next);
                watchers.getOrDefault(device, Map.of()).forEach((node, listener) -> {
                    if (!node.equals(id)) {
                        nodes.get(node).deliveries.execute(() -> listener.accept(next));
                    }
                });
            }
            return next.version();
        }

        @Override
        public AutoCloseable watch(String device, Consumer<SharedState> listener) {
            synchronized (SharedMemoryEnsemble.this) {
                watchers.computeIfAbsent(device, d -> new HashMap<>()).put(id, listener);
                SharedState now = read(device);
                if (!now.absent()) {
                    deliveries.execute(() -> listener.accept(now));
                }
            }
            return () -> {
                synchronized (SharedMemoryEnsemble.this) {
                    watchers.get(device).remove(id);
                }
            };
        }

        /** The first node to serve the device after none did applies {@code powerOn}, as the ZooKeeper store does. */
        @Override
        public AutoCloseable watch(String device, Consumer<SharedState> listener, UnaryOperator<byte[]> powerOn) {
            synchronized (SharedMemoryEnsemble.this) {
                SharedState now = read(device);
                if (watchers.getOrDefault(device, Map.of()).isEmpty() && !now.absent()) {
                    byte[] next = powerOn.apply(now.data());
                    if (next != null) {
                        compareAndSet(device, now.version(), next);
                    }
                }
                return watch(device, listener);
            }
        }

        @Override
        public void acknowledge(String device, long version) {
            synchronized (SharedMemoryEnsemble.this) {
                acks.computeIfAbsent(device + "@" + version, k -> new HashSet<>()).add(id);
                SharedMemoryEnsemble.this.notifyAll();
            }
        }

        @Override
        public boolean awaitAcknowledged(String device, long version, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (SharedMemoryEnsemble.this) {
                while (true) {
                    Set<String> waiting = new HashSet<>(watchers.getOrDefault(device, Map.of()).keySet());
                    waiting.remove(id);
                    waiting.removeAll(acks.getOrDefault(device + "@" + version, Set.of()));
                    if (waiting.isEmpty()) {
                        return true;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    SharedMemoryEnsemble.this.wait(Math.max(1, left / 1_000_000));
                }
            }
        }

        /** Holds this node's watch deliveries back until the returned latch is counted down. */
        java.util.concurrent.CountDownLatch holdDeliveries() {
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            deliveries.execute(() -> {
                try {
                    held.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return held;
        }

        @Override
        public void close() {
            deliveries.shutdownNow();
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();

    synchronized Node node(String id) {
        return nodes.computeIfAbsent(id, Node::new);
    }
}
