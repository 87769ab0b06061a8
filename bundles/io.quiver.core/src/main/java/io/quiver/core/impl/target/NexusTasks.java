package io.quiver.core.impl.target;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tasks in flight on one I_T nexus: by tag, for task management, and counted, for the nexus' queue
 * depth. A task whose tag is already in flight (OVERLAPPED COMMANDS ATTEMPTED) is counted but not
 * registered, so that its end does not unregister the task that owns the tag.
 *
 * <p>Thread-safe and lock-free.
 */
final class NexusTasks {

    private final Map<Long, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Counts a submitted task and registers it under its tag; false, leaving it unregistered, if the tag is taken. */
    boolean submitted(Task task) {
        inFlight.incrementAndGet();
        if (tasks.putIfAbsent(task.tag(), task) != null) {
            task.registered = false;
            return false;
        }
        return true;
    }

    void finished(Task task) {
        inFlight.decrementAndGet();
        if (task.registered) {
            tasks.remove(task.tag(), task);
        }
    }

    /** Commands in flight, including one being submitted. */
    int inFlight() {
        return inFlight.get();
    }

    /** The task in flight with that tag, or {@code null}. */
    Task get(long tag) {
        return tasks.get(tag);
    }

    /** The tasks in flight. */
    List<Task> all() {
        return List.copyOf(tasks.values());
    }
}
