/**
 * LOG SENSE and LOG SELECT (SPC-4 6.8, 6.9) as a {@link io.quiver.core.impl.lu.LogicalUnitService}:
 * supported pages, error counter pages, Informational Exceptions and a Quiver statistics page, over
 * counters that a {@link io.quiver.core.impl.log.LogCounterSource} supplies. Private to the core bundle.
 */
package io.quiver.core.impl.log;
