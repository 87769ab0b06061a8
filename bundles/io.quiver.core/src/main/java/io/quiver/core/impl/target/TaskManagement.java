package io.quiver.core.impl.target;

import io.quiver.core.impl.map.LunAddress;
import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResponse;
import io.quiver.spi.target.TaskManagementResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Task management functions (SAM-5 7) and the unit attentions each owes: the function is answered only
 * after every task it aborted has finished. Tasks of the requesting nexus end silently; tasks of other
 * nexuses end with TASK ABORTED if the logical unit's TAS bit is set, otherwise silently with COMMANDS
 * CLEARED BY ANOTHER INITIATOR queued for their nexus. Runs on the submitting thread and never blocks.
 * Stateless.
 */
final class TaskManagement {

    private TaskManagement() {
    }

    static void execute(CoreSession session, TaskManagementRequest request) {
        switch (request.function()) {
            case ABORT_TASK: {
                Task t = session.task(request.referencedTag());
                if (t == null || t.isFinished()) {
                    request.complete(TaskManagementResult.of(TaskManagementResponse.TASK_DOES_NOT_EXIST));
                } else {
                    whenDone(List.of(t.abort(false)), request);
                }
                return;
            }
            case QUERY_TASK: {
                Task t = session.task(request.referencedTag());
                request.complete(TaskManagementResult.of(t == null || t.isFinished()
                        ? TaskManagementResponse.FUNCTION_COMPLETE : TaskManagementResponse.FUNCTION_SUCCEEDED));
                return;
            }
            case I_T_NEXUS_RESET:
                itNexusReset(session, request);
                return;
            case TARGET_RESET:
            case TARGET_COLD_RESET:
                targetReset(session, request);
                return;
            default:
                break;
        }
        int lun = LunAddress.decode(request.lun());
        MappedLun mapped = lun >= 0 ? session.lunMap().get(lun) : null;
        if (mapped == null || mapped.unit().isDetached()) {
            request.complete(TaskManagementResult.of(TaskManagementResponse.INCORRECT_LOGICAL_UNIT_NUMBER));
            return;
        }
        LogicalUnit unit = mapped.unit();
        switch (request.function()) {
            case ABORT_TASK_SET:
                whenDone(abort(unit, session, true), request);
                break;
            case CLEAR_TASK_SET: {
                // One task set for every nexus (TST 000b): other nodes of a cluster_mode unit clear theirs too.
                List<CompletableFuture<Void>> waits = new ArrayList<>(abort(unit, session, false));
                waits.add(unit.clearTaskSet());
                whenDone(waits, request);
                break;
            }
            case LOGICAL_UNIT_RESET:
                whenDone(logicalUnitReset(unit, session, AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED), request);
                break;
            case CLEAR_ACA:
                clearAca(unit, session, lun, request);
                break;
            case QUERY_TASK_SET:
                request.complete(TaskManagementResult.of(unit.taskSet().tasks().stream()
                        .anyMatch(t -> t.session() == session) ? TaskManagementResponse.FUNCTION_SUCCEEDED
                                : TaskManagementResponse.FUNCTION_COMPLETE));
                break;
            case QUERY_ASYNCHRONOUS_EVENT:
                queryAsynchronousEvent(session, lun, request);
                break;
            default:
                request.complete(TaskManagementResult.of(TaskManagementResponse.FUNCTION_REJECTED));
        }
    }

    /** Aborts the unit's tasks: only the requester's (ABORT TASK SET) or everyone's (CLEAR TASK SET). */
    private static List<CompletableFuture<Void>> abort(LogicalUnit unit, CoreSession requester, boolean ownOnly) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        Set<CoreSession> cleared = new LinkedHashSet<>();
        for (Task t : unit.taskSet().tasks()) {
            if (t.session() == requester) {
                waits.add(t.abort(false));
            } else if (!ownOnly) {
                waits.add(t.abort(unit.taskAbortedStatus()));
                cleared.add(t.session());
            }
        }
        if (!unit.taskAbortedStatus()) {
            cleared.forEach(s -> s.raiseUnitAttention(unit, AdditionalSense.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR));
        }
        return waits;
    }

    /**
     * CLEAR ACA (SAM-5 7.4): from the faulted I_T_L nexus it clears the ACA condition and aborts the
     * ACA task still running; from another nexus while an ACA exists it is rejected; without an ACA
     * there is nothing to clear.
     */
    private static void clearAca(LogicalUnit unit, CoreSession session, int lun, TaskManagementRequest request) {
        AcaCondition aca = unit.aca();
        if (aca.isFaulted(session, lun)) {
            Task running = aca.clear();
            whenDone(running == null ? List.of() : List.of(running.abort(false)), request);
        } else {
            request.complete(TaskManagementResult.of(aca.isActive() ? TaskManagementResponse.FUNCTION_REJECTED
                    : TaskManagementResponse.FUNCTION_COMPLETE));
        }
    }

    /**
     * LOGICAL UNIT RESET: clear the task set, reset the services (the device once the aborted tasks
     * have finished, {@code ScsiDevice.reset}), and a reset unit attention for every
     * nexus, the requester's included (SAM-5 logical unit reset; LIO's target_dev_ua_allocate; libiscsi's
     * MultipathIO.Reset asserts it on the resetting path too).
     */
    private static List<CompletableFuture<Void>> logicalUnitReset(LogicalUnit unit, CoreSession requester,
            AdditionalSense ua) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (Task t : unit.taskSet().tasks()) {
            waits.add(t.abort(t.session() != requester && unit.taskAbortedStatus()));
        }
        CompletableFuture<Void> reset = unit.reset(allOf(waits), ua);
        for (CoreSession s : unit.core().sessions()) {
            s.raiseUnitAttention(unit, ua);
        }
        return List.of(reset);
    }

    private static void targetReset(CoreSession session, TaskManagementRequest request) {
        CoreTarget target = session.target();
        Set<LogicalUnit> units = new LinkedHashSet<>();
        for (CoreSession s : target.sessions()) {
            s.lunMap().values().forEach(m -> units.add(m.unit()));
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (LogicalUnit u : units) {
            waits.addAll(logicalUnitReset(u, session, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED));
        }
        whenDone(waits, request);
    }

    private static void itNexusReset(CoreSession session, TaskManagementRequest request) {
        Collection<MappedLun> luns = session.lunMap().values();
        List<CompletableFuture<Void>> told = nexusLost(session, luns);
        luns.forEach(m -> session.raiseUnitAttention(m.lun(), AdditionalSense.I_T_NEXUS_LOSS_OCCURRED));
        whenDone(told, request);
    }

    /** I_T nexus loss: the nexus' tasks are aborted silently and the units of {@code luns} told; their futures. */
    static List<CompletableFuture<Void>> nexusLost(CoreSession session, Collection<MappedLun> luns) {
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        session.tasks().forEach(t -> waits.add(t.abort(false)));
        Set<LogicalUnit> units = new LinkedHashSet<>();
        luns.forEach(m -> units.add(m.unit()));
        CompletableFuture<Void> aborted = allOf(waits);
        List<CompletableFuture<Void>> told = new ArrayList<>(List.of(aborted));
        units.forEach(u -> told.add(u.nexusLost(session, aborted)));
        return told;
    }

    /**
     * QUERY ASYNCHRONOUS EVENT (SAM-5 7.10): the oldest pending unit attention, without clearing it, in
     * the ADDITIONAL RESPONSE INFORMATION (UADE DEPTH, SENSE KEY, ASC, ASCQ).
     */
    private static void queryAsynchronousEvent(CoreSession session, int lun, TaskManagementRequest request) {
        UnitAttentionQueue q = session.conditions().unitAttentions(lun);
        AdditionalSense ua = q.peek();
        if (ua == null) {
            request.complete(TaskManagementResult.of(TaskManagementResponse.FUNCTION_COMPLETE));
            return;
        }
        int depth = q.size() > 1 ? 2 : 1;
        int info = depth << 20 | io.quiver.scsi.SenseKey.UNIT_ATTENTION.code() << 16 | ua.asc() << 8 | ua.ascq();
        request.complete(new TaskManagementResult(TaskManagementResponse.FUNCTION_SUCCEEDED, info));
    }

    /** Completes when every one of {@code waits} has. */
    static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> waits) {
        return CompletableFuture.allOf(waits.toArray(new CompletableFuture[0]));
    }

    private static void whenDone(List<CompletableFuture<Void>> waits, TaskManagementRequest request) {
        allOf(waits)
                .whenComplete((v, e) -> request.complete(TaskManagementResult.of(TaskManagementResponse.FUNCTION_COMPLETE)));
    }
}
