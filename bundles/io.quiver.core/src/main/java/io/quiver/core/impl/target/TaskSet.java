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
 * <li>with QUEUE ALGORITHM MODIFIER 0 (restricted reordering) on a device that {@linkplain
 * io.quiver.spi.device.DeviceDescriptor#reorders() may reorder} (it runs tasks on more than one thread, or
 * serves some on the submitting thread and hands others to its own threads), a SIMPLE task also waits for
 * every older task it {@linkplain MediumRange#conflicts conflicts} with: their blocks overlap and one of
 * them changes them. Tasks on other blocks, and reads among themselves, go in any order, as SAM-5 allows
 * (until issue 27 every SIMPLE write was held like an ORDERED task, which serialised a queue of writes to
 * different blocks). On a device that does not reorder, dispatch order already is processing order.
 * PERSISTENT RESERVE OUT carries no medium data and is not held so.</li>
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
                if (!mayStart(task, List.of())) {
                    waiting.addLast(task);
                    return true;
                }
                start(task, task.attribute() == TaskAttribute.ORDERED);
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
        List<Task> stillWaiting = new ArrayList<>();
        for (Iterator<Task> it = waiting.iterator(); it.hasNext() && runningBarriers.isEmpty();) {
            Task t = it.next();
            boolean ordered = t.attribute() == TaskAttribute.ORDERED;
            if (mayStart(t, stillWaiting)) {
                it.remove();
                start(t, ordered);
                ready.add(t);
            } else if (ordered) {
                break; // nothing younger passes a waiting ORDERED task
            } else {
                stillWaiting.add(t);
            }
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
        return a == TaskAttribute.HEAD_OF_QUEUE || a == TaskAttribute.ACA || isSanitize(t);
    }

    /**
     * Whether waiting task {@code t} may start, given the tasks older than it that still wait: an ORDERED one
     * when nothing older is left; a SIMPLE one under restricted reordering when it conflicts with no older
     * task running or waiting; any other at once.
     */
    private boolean mayStart(Task t, List<Task> olderWaiting) {
        if (t.attribute() == TaskAttribute.ORDERED) {
            return running.isEmpty() && olderWaiting.isEmpty();
        }
        if (t.attribute() != TaskAttribute.SIMPLE || outsideMediumOrder(t) || unit.queueAlgorithmModifier() != 0
                || !unit.descriptor().reorders()) {
            return true;
        }
        MediumRange m = medium(t);
        for (Task r : running) {
            if (!outsideMediumOrder(r) && medium(r).conflicts(m)) {
                return false;
            }
        }
        for (Task w : olderWaiting) {
            if (!outsideMediumOrder(w) && medium(w).conflicts(m)) {
                return false;
            }
        }
        return true;
    }

    private MediumRange medium(Task t) {
        if (t.medium == null) {
            t.medium = MediumRange.of(t.cdb(), t.direction(), unit.descriptor().type());
        }
        return t.medium;
    }

    /**
     * Tasks that restricted reordering leaves out both ways. PERSISTENT RESERVE OUT's parameter list is no
     * medium data the device could reorder, and the core's reservation service runs it; for a cluster_mode
     * unit it waits for every other node (a dead one: its session timeout), and every write of the unit
     * through this node stalled meanwhile. SANITIZE on a direct-access device starts as HEAD OF QUEUE, and
     * the commands after it must reach the device to be answered NOT READY, SANITIZE IN PROGRESS (SBC-4
     * 4.11), not wait for it to end. An ORDERED task still waits for both.
     */
    private boolean outsideMediumOrder(Task t) {
        return t.opcode() == ScsiOpcode.PERSISTENT_RESERVE_OUT || isSanitize(t);
    }

    private boolean isSanitize(Task t) {
        return t.opcode() == ScsiOpcode.SANITIZE && unit.descriptor().type() == PeripheralDeviceType.DIRECT_ACCESS_BLOCK;
    }
}
