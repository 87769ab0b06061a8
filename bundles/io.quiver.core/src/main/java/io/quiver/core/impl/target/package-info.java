/**
 * The command pipeline: targets, sessions (I_T nexuses), logical units, task sets, unit attentions and
 * task management.
 *
 * <p>A command submitted to a {@link io.quiver.core.impl.target.CoreSession} becomes a
 * {@link io.quiver.core.impl.target.Task} and passes, on the submitting thread and without blocking:
 * LUN resolution through the nexus' LUN map, the pending unit attention, each logical-unit service's
 * {@code check}, the nexus' queue depth, then the logical unit's
 * {@link io.quiver.core.impl.target.TaskSet} (device queue depth and task attribute ordering). Released
 * tasks run on the device's executor when it declares threads, else on the releasing thread: a service
 * that handles the command, the core's own commands, or the device.
 *
 * <p>Residuals: the core truncates data-in to the initiator's expected transfer length and keeps the
 * untruncated length as {@link io.quiver.spi.target.CommandResponse#transferLength()}, so transports
 * compute underflow and overflow residuals from it without looking at the data. Data-in of the
 * commands the core answers is first cut to the CDB's allocation length.
 *
 * <p>Private to the core bundle.
 */
package io.quiver.core.impl.target;
