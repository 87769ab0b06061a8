package io.quiver.core.impl.target;

import io.quiver.core.impl.cmd.CoreCommands;
import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.core.impl.stats.IoStatistics;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceDescriptor;
import io.quiver.spi.device.ScsiDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attached device as a logical unit: its task set, its logical-unit services (reservations, ALUA,
 * log pages) in pipeline order, the executor its blocking work runs on (SCST's {@code threads_num}),
 * the Control mode page fields the core enforces and its statistics.
 *
 * <p>Thread-safe. {@link #abortTasks} is the only method that blocks, and only as long as the device
 * takes to finish the tasks it aborts.
 */
public final class LogicalUnit implements LogicalUnitContext {

    private static final Logger LOG = LoggerFactory.getLogger(LogicalUnit.class);
    private static final ThreadLocal<Task> SERVING = new ThreadLocal<>();

    private final TargetCore core;
    private final ScsiDevice device;
    private final String name;
    private final TaskSet taskSet = new TaskSet(this);
    private final IoStatistics statistics = new IoStatistics();
    private final UnitLogCounters logCounters = new UnitLogCounters();
    private final AcaCondition aca = new AcaCondition();
    private final Map<LogicalUnitServiceFactory, LogicalUnitService> services = new LinkedHashMap<>();
    private volatile List<LogicalUnitService> serviceOrder = List.of();
    private volatile DeviceDescriptor descriptor;
    private volatile ExecutorService executor;
    private volatile boolean detached;
    volatile boolean descriptorSense;
    volatile boolean taskAbortedStatus;
    volatile int queueAlgorithmModifier;

    LogicalUnit(TargetCore core, ScsiDevice device) {
        this.core = core;
        this.device = device;
        this.descriptor = device.descriptor();
        this.name = descriptor.name();
    }

    void attach(List<LogicalUnitServiceFactory> factories) {
        int threads = descriptor.threads();
        if (threads > 0) {
            AtomicInteger n = new AtomicInteger();
            executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "quiver-" + name + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
        factories.forEach(this::addService);
        device.attach(new UnitDeviceContext(this));
    }

    synchronized void addService(LogicalUnitServiceFactory factory) {
        services.put(factory, factory.create(this));
        orderServices();
    }

    synchronized void removeService(LogicalUnitServiceFactory factory) {
        LogicalUnitService s = services.remove(factory);
        orderServices();
        if (s != null) {
            s.close();
        }
    }

    private void orderServices() {
        List<LogicalUnitService> order = new ArrayList<>();
        core.factories().forEach(f -> {
            LogicalUnitService s = services.get(f);
            if (s != null) {
                order.add(s);
            }
        });
        serviceOrder = List.copyOf(order);
    }

    /** The device is gone: its tasks end with LOGICAL UNIT NOT SUPPORTED, its services close. */
    void detach() {
        detached = true;
        // BUSY, not LOGICAL UNIT NOT SUPPORTED: initiators retry it, and the device may be back (bundle:update)
        // before they do; if it is not, the retry gets LOGICAL UNIT NOT SUPPORTED once the LUN is gone.
        for (Task t : taskSet.tasks()) {
            t.complete(ScsiStatus.BUSY, null, null, 0);
        }
        List<LogicalUnitService> closing;
        synchronized (this) {
            closing = List.copyOf(services.values());
            services.clear();
            serviceOrder = List.of();
        }
        closing.forEach(LogicalUnitService::close);
        try {
            device.detach();
        } catch (RuntimeException e) {
            LOG.warn("device {} failed to detach", name, e);
        }
        ExecutorService ex = executor;
        if (ex != null) {
            ex.shutdown();
        }
    }

    public boolean isDetached() {
        return detached;
    }

    public ScsiDevice device() {
        return device;
    }

    public DeviceDescriptor descriptor() {
        return descriptor;
    }

    void refreshDescriptor() {
        descriptor = device.descriptor();
    }

    public TaskSet taskSet() {
        return taskSet;
    }

    public IoStatistics statistics() {
        return statistics;
    }

    /** The counters the log pages report. */
    public UnitLogCounters logCounters() {
        return logCounters;
    }

    /** The unit's auto contingent allegiance condition. */
    AcaCondition aca() {
        return aca;
    }

    /** The logical-unit services in pipeline order. */
    public List<LogicalUnitService> services() {
        return serviceOrder;
    }

    public TargetCore core() {
        return core;
    }

    /** D_SENSE of the Control mode page: sense in descriptor format. */
    public boolean descriptorSense() {
        return descriptorSense;
    }

    public boolean taskAbortedStatus() {
        return taskAbortedStatus;
    }

    public int queueAlgorithmModifier() {
        return queueAlgorithmModifier;
    }

    /** Runs a task the task set released: a service that handles it, the core, or the device. */
    void dispatch(Task task) {
        ExecutorService ex = executor;
        if (ex == null) {
            run(task);
            return;
        }
        try {
            ex.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            // The executor is shut down: the device is detaching (see detach for why BUSY).
            task.complete(ScsiStatus.BUSY, null, null, 0);
        }
    }

    private void run(Task task) {
        if (task.isFinished()) {
            return;
        }
        if (detached) {
            // Released by detach() finishing the tasks ahead of it: the device must not see it.
            task.complete(ScsiStatus.BUSY, null, null, 0);
            return;
        }
        try {
            for (LogicalUnitService s : serviceOrder) {
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
            } else {
                device.execute(task);
            }
        } catch (RuntimeException e) {
            LOG.error("{} failed on {}", name, task, e);
            task.fail(SenseData.of(SenseKey.HARDWARE_ERROR, AdditionalSense.INTERNAL_TARGET_FAILURE));
        }
    }

    /**
     * I_T nexus loss: the services forget the nexus now; the device once {@code aborted} (the nexus'
     * aborted tasks) have finished.
     *
     * @return completes once the device was told
     */
    CompletableFuture<Void> nexusLost(CoreSession session, CompletableFuture<Void> aborted) {
        aca.nexusLost(session);
        serviceOrder.forEach(s -> s.nexusLost(session));
        return aborted.handle((v, e) -> notifyDevice("nexus loss", () -> device.nexusLost(session.id())));
    }

    /**
     * Logical unit reset: the ACA condition clears and the services reset now; the device once
     * {@code aborted} have finished.
     *
     * @return completes once the device was reset
     */
    CompletableFuture<Void> reset(CompletableFuture<Void> aborted) {
        aca.clear();
        serviceOrder.forEach(LogicalUnitService::logicalUnitReset);
        return aborted.handle((v, e) -> notifyDevice("reset", device::reset));
    }

    private Void notifyDevice(String what, Runnable callback) {
        if (!detached) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("device {} failed on {}", name, what, e);
            }
        }
        return null;
    }

    @Override
    public String deviceName() {
        return name;
    }

    @Override
    public Collection<Nexus> nexuses() {
        List<Nexus> n = new ArrayList<>();
        for (CoreSession s : core.sessions()) {
            if (s.lunMap().values().stream().anyMatch(m -> m.unit() == this)) {
                n.add(s);
            }
        }
        return n;
    }

    @Override
    public void raiseUnitAttention(Nexus nexus, AdditionalSense sense) {
        ((CoreSession) nexus).raiseUnitAttention(this, sense);
    }

    @Override
    public void raiseUnitAttentionExcept(Nexus spared, AdditionalSense sense) {
        for (Nexus n : nexuses()) {
            if (n != spared) {
                raiseUnitAttention(n, sense);
            }
        }
    }

    @Override
    public void abortTasks(Predicate<Nexus> whose) {
        Task self = SERVING.get();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Task t : taskSet.tasks()) {
            if (t != self && whose.test(t.nexus())) {
                waits.add(t.abort(taskAbortedStatus));
            }
        }
        try {
            CompletableFuture.allOf(waits.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.warn("{}: aborted tasks did not finish in time", name);
        }
    }

    @Override
    public Path stateDirectory() {
        Path dir = core.dataDirectory().resolve("devices").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
