/**
 * The core-internal contract between the command pipeline (sessions, LUN maps, task sets) and the
 * logical-unit services it delegates to: SPC-2/SPC-4 reservations, ALUA, and the other per-LU state.
 * Private to the core bundle; not exported.
 */
package io.quiver.core.impl.lu;
