package io.quiver.core.impl.log;

import io.quiver.core.impl.lu.LogicalUnitContext;

/**
 * Where log pages get their counters: the pipeline, which sees every command's outcome, registers this
 * as an OSGi service (private to the core bundle) and the log service uses it. Without one, each
 * logical unit counts what its own {@link io.quiver.core.impl.lu.LogicalUnitService#check} sees
 * ({@link ObservedCounters}: commands and requested bytes, no errors). Thread-safe.
 */
public interface LogCounterSource {

    /** The counters of a logical unit; called once when its log service is created. */
    LogicalUnitCounters countersFor(LogicalUnitContext context);
}
