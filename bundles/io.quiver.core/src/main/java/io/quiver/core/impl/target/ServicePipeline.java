package io.quiver.core.impl.target;

import io.quiver.core.impl.cmd.CoreCommands;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logical-unit services of one unit (reservations, ALUA, log pages) in the order of their factories,
 * and the execution of a released task through them: the first service that handles the command runs
 * it, else the core's own commands, else the device (under the cluster-wide lock for the commands
 * {@link ClusterAtomicCommands} covers).
 *
 * <p>Thread-safe: services are added and removed under this object's lock; the data path reads the
 * immutable order list through a volatile field and takes no lock.
 */
final class ServicePipeline {

    private static final Logger LOG = LoggerFactory.getLogger(LogicalUnit.class);
    /** The task a service is executing on this thread, which its own abort must spare. */
    private static final ThreadLocal<Task> SERVING = new ThreadLocal<>();

    private final LogicalUnit unit;
    private final Map<LogicalUnitServiceFactory, LogicalUnitService> services = new LinkedHashMap<>();
    private volatile List<LogicalUnitService> order = List.of();

    ServicePipeline(LogicalUnit unit) {
        this.unit = unit;
    }

    synchronized void add(LogicalUnitServiceFactory factory) {
        services.put(factory, factory.create(unit));
        reorder();
    }

    synchronized void remove(LogicalUnitServiceFactory factory) {
        LogicalUnitService s = services.remove(factory);
        reorder();
        if (s != null) {
            s.close();
        }
    }

    private void reorder() {
        List<LogicalUnitService> next = new ArrayList<>();
        unit.core().factories().forEach(f -> {
            LogicalUnitService s = services.get(f);
            if (s != null) {
                next.add(s);
            }
        });
        order = List.copyOf(next);
    }

    /** Empties the pipeline; the caller closes the services it returns outside the lock. */
    synchronized List<LogicalUnitService> clear() {
        List<LogicalUnitService> closing = List.copyOf(services.values());
        services.clear();
        order = List.of();
        return closing;
    }

    /** The services in pipeline order. */
    List<LogicalUnitService> order() {
        return order;
    }

    /** The task a service is executing on the calling thread, or {@code null}. */
    static Task serving() {
        return SERVING.get();
    }

    /** Runs a task the task set released: a service that handles it, the core, or the device. */
    void run(Task task) {
        if (task.isFinished()) {
            return;
        }
        if (unit.isDetached()) {
            // Released by detach() finishing the tasks ahead of it: the device must not see it.
            task.complete(ScsiStatus.BUSY, null, null, 0);
            return;
        }
        try {
            for (LogicalUnitService s : order) {
                if (s.handles(task)) {
                    SERVING.set(task);
                    try {
                        s.execute(task);
                    } finally {
                        SERVING.remove();
                    }
                    return;
                }
            }
            if (CoreCommands.handles(task)) {
                CoreCommands.execute(task);
            } else if (unit.clusterAtomic().covers(task)) {
                unit.clusterAtomic().run(task);
            } else {
                unit.device().execute(task);
            }
        } catch (RuntimeException e) {
            LOG.error("{} failed on {}", unit.deviceName(), task, e);
            task.fail(SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE));
        }
    }
}
