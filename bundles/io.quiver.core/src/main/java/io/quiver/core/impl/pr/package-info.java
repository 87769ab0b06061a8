/**
 * SPC-2 RESERVE/RELEASE and SPC-4 persistent reservations (PERSISTENT RESERVE IN/OUT, APTPL) as a
 * {@link io.quiver.core.impl.lu.LogicalUnitService}. Private to the core bundle.
 */
package io.quiver.core.impl.pr;
