package io.quiver.core.impl;

import io.quiver.core.impl.log.LogicalUnitCounters;
import io.quiver.core.impl.lu.LogicalUnitContext;

/** Test access to the DS component from other packages. */
public final class PipelineLogCounterSourceAccess {

    private PipelineLogCounterSourceAccess() {
    }

    public static LogicalUnitCounters countersFor(LogicalUnitContext context) {
        return new PipelineLogCounterSource().countersFor(context);
    }
}
