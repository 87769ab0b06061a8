package io.quiver.transport.iscsi.impl.session;

import io.quiver.transport.iscsi.impl.config.IscsiTargetDriver;
import io.quiver.iscsi.login.ChapCredentials;
import io.quiver.iscsi.login.IscsiKey;
import java.util.List;
import java.util.Map;

/** Test fixture (also for the initiator's tests, through the test-jar): a driver listening on a random 127.0.0.1 port with one target over a {@link RamdiskCore}. */
public final class TestTargets implements AutoCloseable {

    public static final String IQN = "iqn.2026-11.io.quiver:test";

    final RamdiskCore core = new RamdiskCore(2048);
    final IscsiTargetDriver driver = new IscsiTargetDriver();

    public TestTargets(List<ChapCredentials> incoming, ChapCredentials outgoing, Map<IscsiKey, String> values)
            throws InterruptedException {
        this(incoming, outgoing, values, "127.0.0.1:0");
    }

    TestTargets(List<ChapCredentials> incoming, ChapCredentials outgoing, Map<IscsiKey, String> values,
            String... portals) throws InterruptedException {
        this(new ConnectionSettings(5, 0, 5, 2), incoming, outgoing, values, portals);
    }

    TestTargets(ConnectionSettings settings, List<ChapCredentials> incoming, ChapCredentials outgoing,
            Map<IscsiKey, String> values, String... portals) throws InterruptedException {
        this(false, 0, settings, incoming, outgoing, values, portals);
    }

    /** A target whose event loops busy-poll ({@code busy_poll}). */
    static TestTargets busyPolling() throws InterruptedException {
        return new TestTargets(true, 0, new ConnectionSettings(5, 0, 5, 2), List.of(), null, Map.of(), "127.0.0.1:0");
    }

    /** A target whose event loops poll {@code usecs} after their last I/O ({@code busy_poll_usecs}). */
    static TestTargets pollingAfterIo(int usecs) throws InterruptedException {
        return new TestTargets(false, usecs, new ConnectionSettings(5, 0, 5, 2), List.of(), null, Map.of(),
                "127.0.0.1:0");
    }

    private TestTargets(boolean busyPoll, int busyPollUsecs, ConnectionSettings settings,
            List<ChapCredentials> incoming, ChapCredentials outgoing, Map<IscsiKey, String> values, String... portals)
            throws InterruptedException {
        driver.start(List.of(portals), settings, List.of(), null, 2, busyPoll, busyPollUsecs);
        driver.putTarget(new IscsiTarget(IQN, "test disk", 1, incoming, outgoing, values, 32, List.of(), false,
                core.registerTarget(driver, IQN, 0), null));
    }

    public TestTargets() throws InterruptedException {
        this(List.of(), null, Map.of());
    }

    public int port() {
        String p = driver.registry().portals().get(0);
        return Integer.parseInt(p.substring(p.lastIndexOf(':') + 1));
    }

    /** The task management requests the target received, as "FUNCTION lun" (for example "LOGICAL_UNIT_RESET 0"). */
    public List<String> taskManagementReceived() {
        return List.copyOf(core.taskManagement);
    }

    String url(int lun) {
        return "iscsi://127.0.0.1:" + port() + "/" + IQN + "/" + lun;
    }

    /**
     * Stops the driver and checks that every slice of the disk handed out as data-in was released exactly
     * once by the transport (the disk's own reference is the only one left).
     */
    @Override
    public void close() {
        driver.stop();
        try {
            long deadline = System.currentTimeMillis() + 2000;
            while (core.disk.refCnt() != 1 && System.currentTimeMillis() < deadline) {
                Thread.onSpinWait();
            }
            if (core.disk.refCnt() != 1) {
                throw new AssertionError("data-in slices not released: refCnt " + core.disk.refCnt());
            }
        } finally {
            core.release();
        }
    }
}
