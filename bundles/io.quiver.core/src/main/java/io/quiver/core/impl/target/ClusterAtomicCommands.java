package io.quiver.core.impl.target;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.cluster.ReservationStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands of a {@code cluster_mode} unit that must be atomic across nodes (COMPARE AND WRITE: no other
 * node may write the compared blocks between the read and the write), run under the device's cluster-wide
 * lock ({@link ReservationStore#lock}). A task waits for the lock on the unit's own lock thread, never on
 * an event loop or a device thread, then goes to the device, and the lock is released when the task
 * finishes (completed or aborted). One node's tasks take the lock one after the other, in the order they
 * were released.
 *
 * <p>Releasing is a blocking call to the coordination service (Curator deletes the lease znode), and a task
 * finishes on whatever thread completed it, often a transport's event loop: the release is handed to the
 * unit's own unlock thread instead. Not the lock thread: that one may be blocked in the next task's acquire,
 * which only this release can satisfy.
 *
 * <p>Thread-safe. The lock thread is created on first use and stopped by {@link #shutdown}; the unlock thread
 * ends by itself when idle, so a release owed after a detach still runs.
 */
final class ClusterAtomicCommands {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAtomicCommands.class);
    /** Beyond a peer's session timeout plus margin: a dead holder's lease is gone by then. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final LogicalUnit unit;
    private final ExecutorService unlockThread;
    private ExecutorService lockThread;
    private boolean shutdown;

    ClusterAtomicCommands(LogicalUnit unit) {
        this.unit = unit;
        // The name is asked for when the thread starts: the unit is not constructed yet here.
        this.unlockThread = IdleEndingThread.named(() -> "quiver-" + unit.deviceName() + "-cluster-unlock");
    }

    /** Whether {@code task} must run under the cluster-wide lock. */
    boolean covers(Task task) {
        return task.opcode() == ScsiOpcode.COMPARE_AND_WRITE && unit.clusterMode();
    }

    /** Runs {@code task} on the device once this node holds the device's cluster-wide lock. Never blocks. */
    void run(Task task) {
        try {
            thread().execute(() -> lockAndRun(task));
        } catch (RejectedExecutionException e) {
            task.complete(io.quiver.scsi.ScsiStatus.BUSY, null, null, 0); // detaching (see LogicalUnit.detach)
        }
    }

    private void lockAndRun(Task task) {
        if (task.isFinished()) {
            return;
        }
        ReservationStore store = unit.clusterStore();
        AutoCloseable held = null;
        try {
            held = store == null ? null : store.lock(unit.deviceName(), LOCK_TIMEOUT);
        } catch (IOException e) {
            LOG.warn("{}: cluster-wide lock not taken: {}", unit.deviceName(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (held == null) {
            // Cut off from the cluster or the lock is stuck: the initiator retries, on another path if it has one.
            task.fail(SenseData.of(SenseKey.NOT_READY,
                    AdditionalSense.LOGICAL_UNIT_NOT_READY_ASYMMETRIC_ACCESS_STATE_TRANSITION));
            return;
        }
        AutoCloseable lock = held;
        task.done().whenComplete((v, e) -> unlockThread.execute(() -> release(lock)));
        if (task.isFinished()) {
            return; // aborted while waiting: the completion above released the lock
        }
        try {
            unit.device().execute(task);
        } catch (RuntimeException e) {
            LOG.error("{} failed on {}", unit.deviceName(), task, e);
            task.fail(SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE));
        }
    }

    private void release(AutoCloseable lock) {
        try {
            lock.close();
        } catch (Exception e) {
            LOG.warn("{}: releasing the cluster-wide lock failed: {}", unit.deviceName(), e.toString());
        }
    }

    private synchronized ExecutorService thread() {
        if (shutdown) {
            throw new RejectedExecutionException("detached");
        }
        if (lockThread == null) {
            lockThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quiver-" + unit.deviceName() + "-cluster-lock");
                t.setDaemon(true);
                return t;
            });
        }
        return lockThread;
    }

    /** Stops the lock thread (device detached); queued tasks are finished by the detach. */
    synchronized void shutdown() {
        shutdown = true;
        if (lockThread != null) {
            lockThread.shutdown();
        }
    }
}
