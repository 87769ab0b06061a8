package io.quiver.core.impl;

import io.quiver.core.impl.log.LogCounterSource;
import io.quiver.core.impl.log.LogicalUnitCounters;
import io.quiver.core.impl.log.ObservedCounters;
import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.target.LogicalUnit;
import org.osgi.service.component.annotations.Component;

/**
 * Gives the log pages the counters the pipeline keeps per logical unit, which see every command's
 * outcome (so the error counter pages count real errors). Stateless; thread-safe.
 */
@Component(service = LogCounterSource.class)
public class PipelineLogCounterSource implements LogCounterSource {

    @Override
    public LogicalUnitCounters countersFor(LogicalUnitContext context) {
        return context instanceof LogicalUnit ? ((LogicalUnit) context).logCounters() : new ObservedCounters();
    }
}
