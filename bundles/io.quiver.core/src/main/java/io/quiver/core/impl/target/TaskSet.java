package io.quiver.core.impl.target;

import io.quiver.scsi.DataDirection;
import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.TaskAttribute;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The task set of one logical unit (SAM-5 8.6, one task set shared by all I_T nexuses): admits tasks up
 * to the device's queue depth (beyond it: TASK SET FULL) and releases them to the device in the order
 * the task attributes demand.
 * <ul>
 * <li>HEAD OF QUEUE starts at once, and so does SANITIZE on a direct-access device whatever its attribute
 * (SBC-4 5.30: processed as if HEAD OF QUEUE; it must neither wait behind nor hold back the tasks its
 * sanitize operation answers with NOT READY);</li>
 * <li>ORDERED starts when every older task has finished, and no later task starts before it
 * finishes;</li>
 * <li>SIMPLE starts when no older ORDERED task is waiting or running;</li>
 * <li>with QUEUE ALGORITHM MODIFIER 0 (restricted reordering) a SIMPLE task carrying data-out is
 * treated as ORDERED when the device {@linkplain io.quiver.spi.device.DeviceDescriptor#reorders() may
 * reorder} (it runs tasks on more than one thread, or serves some on the submitting thread and hands
 * others to its own threads), because only then could it reorder it against overlapping tasks; otherwise
 * dispatch order already is processing order. PERSISTENT RESERVE OUT carries no medium data and is not
 * held so.</li>
 * <li>ACA (admitted only on the faulted nexus of an ACA condition, one at a time) starts at once, like
 * HEAD OF QUEUE.</li>
 * </ul>
 *
 * <p>Thread-safe; tasks are released to the device outside the lock.
 */
public final class TaskSet {

    private final LogicalUnit unit;
    private final ArrayDeque<Task> waiting = new ArrayDeque<>();
    private final Set<Task> running = new LinkedHashSet<>();
    private final Set<Task> runningBarriers = new java.util.HashSet<>();

    TaskSet(LogicalUnit unit) {
        this.unit = unit;
    }

    /**
     * Admits a task and starts whatever may start.
     *
     * @return {@code false} if the task set is full (the caller answers TASK SET FULL)
     */
    boolean submit(Task task) {
        List<Task> ready;
        synchronized (this) {
            if (waiting.size() + running.size() >= unit.descriptor().queueDepth()) {
                return false;
            }
            task.inTaskSet = true;
            if (task.isFinished()) {
                return true;
            }
            if (startsAtOnce(task)) {
                start(task, false);
                ready = null;
            } else if (waiting.isEmpty() && runningBarriers.isEmpty()) {
                // What drain() would decide for a lone waiting task, without its list (the common case).
                boolean barrier = isBarrier(task);
                if (barrier && !mayStartBarrier(task)) {
                    waiting.addLast(task);
                    return true;
                }
                start(task, barrier);
                ready = null;
            } else {
                waiting.addLast(task);
                ready = drain();
            }
        }
        if (ready == null) {
            unit.dispatch(task);
        } else {
            ready.forEach(unit::dispatch);
        }
        return true;
    }

    /** A task finished: forget it and start whatever it was holding back. */
    void finished(Task task) {
        List<Task> ready;
        synchronized (this) {
            if (running.remove(task)) {
                runningBarriers.remove(task);
            } else {
                waiting.remove(task);
            }
            if (waiting.isEmpty()) {
                return;
            }
            ready = drain();
        }
        ready.forEach(unit::dispatch);
    }

    /** Takes a task that has not started out of the set; {@code false} if it already started. */
    synchronized boolean removeWaiting(Task task) {
        return waiting.remove(task);
    }

    /** Every task waiting or running, oldest first. */
    synchronized List<Task> tasks() {
        List<Task> all = new ArrayList<>(running);
        all.addAll(waiting);
        return all;
    }

    synchronized int size() {
        return waiting.size() + running.size();
    }

    private List<Task> drain() {
        List<Task> ready = new ArrayList<>();
        for (Iterator<Task> it = waiting.iterator(); it.hasNext() && runningBarriers.isEmpty();) {
            Task t = it.next();
            if (isBarrier(t)) {
                if (mayStartBarrier(t)) {
                    it.remove();
                    start(t, true);
                    ready.add(t);
                }
                break;
            }
            it.remove();
            start(t, false);
            ready.add(t);
        }
        return ready;
    }

    private void start(Task t, boolean barrier) {
        t.dispatched = true;
        running.add(t);
        if (barrier) {
            runningBarriers.add(t);
        }
    }

    private boolean startsAtOnce(Task t) {
        TaskAttribute a = t.attribute();
        return a == TaskAttribute.HEAD_OF_QUEUE || a == TaskAttribute.ACA
                || (t.opcode() == ScsiOpcode.SANITIZE
                        && unit.descriptor().type() == PeripheralDeviceType.DIRECT_ACCESS_BLOCK);
    }

    private boolean isBarrier(Task t) {
        TaskAttribute a = t.attribute();
        if (a == TaskAttribute.ORDERED) {
            return true;
        }
        return a == TaskAttribute.SIMPLE && unit.queueAlgorithmModifier() == 0 && unit.descriptor().reorders()
                && (t.direction() == DataDirection.OUT || t.direction() == DataDirection.BIDIRECTIONAL)
                && !outsideMediumOrder(t);
    }

    /**
     * PERSISTENT RESERVE OUT's parameter list is no medium data the device could reorder, and the core's
     * reservation service runs it; for a cluster_mode unit it waits for every other node (a dead one: its
     * session timeout). So QAM 0 neither makes it a barrier nor has a write wait for it: else every write of
     * the unit through this node stalled meanwhile. An ORDERED task still waits for it.
     */
    private static boolean outsideMediumOrder(Task t) {
        return t.opcode() == ScsiOpcode.PERSISTENT_RESERVE_OUT;
    }

    /** Whether barrier {@code t} may start: nothing older runs (for QAM 0's writes: nothing in medium order). */
    private boolean mayStartBarrier(Task t) {
        if (t.attribute() == TaskAttribute.ORDERED) {
            return running.isEmpty();
        }
        for (Task r : running) {
            if (!outsideMediumOrder(r)) {
                return false;
            }
        }
        return true;
    }
}
