package io.quiver.rdma.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns Netty's leak detector (PARANOID in every test run) into test failures: the detector's reports are
 * collected instead of only logged, and {@link #assertNoLeaks()} collects garbage, lets the detector poll and
 * fails on any report. Installed before the first ByteBuf class loads (the tests' first touch of this class).
 */
final class LeakCheck {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation") // the abstract method Netty still calls
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int sampling, long max) {
                return new ResourceLeakDetector<>(resource, sampling) {
                    @Override
                    protected boolean needReport() {
                        return true;
                    }

                    @Override
                    protected void reportTracedLeak(String type, String records) {
                        LEAKS.add(type + records);
                    }

                    @Override
                    protected void reportUntracedLeak(String type) {
                        LEAKS.add(type);
                    }
                };
            }
        });
    }

    private LeakCheck() {
    }

    static void install() {
        // The static initializer did it.
    }

    /** Fails when a buffer that became garbage was never released. */
    static void assertNoLeaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            // The detector polls its reference queue when it tracks a new buffer.
            ByteBuf probe = EmulatedFabricSupport.ALLOCATOR.directBuffer(16);
            probe.release();
        }
        List<String> leaks = List.copyOf(LEAKS);
        LEAKS.clear();
        assertEquals(List.of(), leaks, "Netty's leak detector reported unreleased buffers");
    }
}
