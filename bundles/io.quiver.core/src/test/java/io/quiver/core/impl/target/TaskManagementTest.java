package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertCheck;
import static io.quiver.core.impl.target.Harness.assertGood;
import static io.quiver.core.impl.target.Harness.tur;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementResponse;
import io.quiver.spi.target.TaskManagementResult;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task management functions and the unit attentions they owe, through the loopback transport. */
class TaskManagementTest {

    @TempDir
    Path dir;

    Harness h;
    MemoryDevice d;
    FakeFactory factory = new FakeFactory();
    LocalSession a;
    LocalSession b;

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        h.core.addFactory(factory);
        d = h.device("d0");
        h.lun(0, "d0");
        a = h.login("iqn.a");
        b = h.login("iqn.b");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private CompletableFuture<LocalResponse> hold(LocalSession s, long tag) {
        return s.submit(LocalRequest.of(0, MemoryDevice.HOLD, 0, 0, 0, 0, 0).tag(tag));
    }

    private static TaskManagementResponse tmf(LocalSession s, TaskManagementFunction f, long tag) {
        return s.taskManagement(f, 0, tag).response();
    }

    @Test
    void abortTaskCompletesOnlyAfterTheDeviceFinishedTheTask() throws Exception {
        CompletableFuture<LocalResponse> cmd = hold(a, 5);
        DeviceTask running = d.nextHeld();
        CompletableFuture<TaskManagementResult> abort = a.submitTaskManagement(TaskManagementFunction.ABORT_TASK, 0, 5);
        Thread.sleep(100);
        assertFalse(abort.isDone());
        assertTrue(running.isAborted());
        running.complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, abort.get(5, TimeUnit.SECONDS).response());
        assertTrue(cmd.get().aborted());
        assertEquals(TaskManagementResponse.TASK_DOES_NOT_EXIST, tmf(a, TaskManagementFunction.ABORT_TASK, 5));
    }

    @Test
    void abortTaskOfAWaitingTaskFinishesItAtOnce() throws Exception {
        hold(a, 1);
        DeviceTask running = d.nextHeld();
        CompletableFuture<LocalResponse> waiting = a.submit(LocalRequest.of(0, 0, 0, 0, 0, 0, 0)
                .attribute(io.quiver.scsi.TaskAttribute.ORDERED).tag(2));
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.ABORT_TASK, 2));
        assertTrue(waiting.get().aborted());
        running.complete();
    }

    /**
     * Another node cleared a cluster_mode unit's task set: every task here is aborted, and (TAS 0) the nexus
     * whose task it was is owed COMMANDS CLEARED BY ANOTHER INITIATOR; a nexus without tasks is not.
     */
    @Test
    void aClearTaskSetFromAnotherNodeAbortsEveryTaskHere() throws Exception {
        CompletableFuture<LocalResponse> theirs = hold(b, 1);
        DeviceTask running = d.nextHeld();
        CompletableFuture<Void> cleared = CompletableFuture.runAsync(() -> h.core.unit("d0").clearedByPeer());
        Thread.sleep(100);
        assertTrue(running.isAborted());
        assertFalse(cleared.isDone(), "waits for the device to finish the aborted task");
        running.complete();
        cleared.get(5, TimeUnit.SECONDS);
        assertTrue(theirs.get().aborted());
        assertCheck(tur(b, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR);
        assertGood(tur(a, 0));
    }

    @Test
    void abortTaskSetTouchesOnlyTheRequestersTasks() throws Exception {
        CompletableFuture<LocalResponse> mine = hold(a, 1);
        CompletableFuture<LocalResponse> theirs = hold(b, 1);
        DeviceTask t1 = d.nextHeld();
        DeviceTask t2 = d.nextHeld();
        CompletableFuture<TaskManagementResult> r = a.submitTaskManagement(TaskManagementFunction.ABORT_TASK_SET, 0, 0);
        (t1.isAborted() ? t1 : t2).complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, r.get(5, TimeUnit.SECONDS).response());
        assertTrue(mine.get().aborted());
        assertFalse(theirs.isDone());
        (t1.isAborted() ? t2 : t1).complete();
        assertGood(theirs.get());
        assertGood(tur(b, 0));
    }

    @Test
    void clearTaskSetWithoutTasAbortsSilentlyAndTellsTheOtherNexus() throws Exception {
        CompletableFuture<LocalResponse> again = hold(b, 2);
        DeviceTask t = d.nextHeld();
        CompletableFuture<TaskManagementResult> r = a.submitTaskManagement(TaskManagementFunction.CLEAR_TASK_SET, 0, 0);
        t.complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, r.get(5, TimeUnit.SECONDS).response());
        assertTrue(again.get().aborted());
        assertCheck(tur(b, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.COMMANDS_CLEARED_BY_ANOTHER_INITIATOR);
        assertGood(tur(a, 0));
    }

    @Test
    void clearTaskSetWithTasEndsTheOtherNexusTasksWithTaskAborted() throws Exception {
        d.context.controlModeChanged(false, true, 0);
        CompletableFuture<LocalResponse> theirs = hold(b, 2);
        DeviceTask t = d.nextHeld();
        CompletableFuture<TaskManagementResult> r = a.submitTaskManagement(TaskManagementFunction.CLEAR_TASK_SET, 0, 0);
        t.complete();
        r.get(5, TimeUnit.SECONDS);
        assertEquals(ScsiStatus.TASK_ABORTED, theirs.get().status());
        assertGood(tur(b, 0));
    }

    @Test
    void logicalUnitResetResetsServicesAndTellsEveryNexus() throws Exception {
        CompletableFuture<LocalResponse> theirs = hold(b, 2);
        DeviceTask t = d.nextHeld();
        CompletableFuture<TaskManagementResult> r = a.submitTaskManagement(TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0);
        t.complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, r.get(5, TimeUnit.SECONDS).response());
        assertTrue(theirs.get().aborted());
        assertEquals(1, factory.resets.get());
        assertCheck(tur(a, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
        assertCheck(tur(b, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
    }

    @Test
    void targetResetRaisesPowerOnResetOnEveryNexus() {
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.TARGET_RESET, 0));
        assertCheck(tur(b, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
        assertEquals(1, factory.resets.get());
    }

    @Test
    void itNexusResetAbortsTheNexusTasksAndReportsNexusLoss() throws Exception {
        CompletableFuture<LocalResponse> mine = hold(a, 3);
        DeviceTask t = d.nextHeld();
        CompletableFuture<TaskManagementResult> r = a.submitTaskManagement(TaskManagementFunction.I_T_NEXUS_RESET, 0, 0);
        t.complete();
        r.get(5, TimeUnit.SECONDS);
        assertTrue(mine.get().aborted());
        assertEquals(a.session(), factory.lost.get(0));
        assertCheck(tur(a, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.I_T_NEXUS_LOSS_OCCURRED);
        assertGood(tur(b, 0));
    }

    @Test
    void queriesReportTasksAndPendingUnitAttentions() throws Exception {
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.QUERY_TASK, 9));
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.QUERY_TASK_SET, 0));
        hold(a, 9);
        DeviceTask t = d.nextHeld();
        assertEquals(TaskManagementResponse.FUNCTION_SUCCEEDED, tmf(a, TaskManagementFunction.QUERY_TASK, 9));
        assertEquals(TaskManagementResponse.FUNCTION_SUCCEEDED, tmf(a, TaskManagementFunction.QUERY_TASK_SET, 0));
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(b, TaskManagementFunction.QUERY_TASK_SET, 0));
        t.complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.QUERY_ASYNCHRONOUS_EVENT, 0));
        d.context.capacityChanged();
        TaskManagementResult q = a.taskManagement(TaskManagementFunction.QUERY_ASYNCHRONOUS_EVENT, 0, 0);
        assertEquals(TaskManagementResponse.FUNCTION_SUCCEEDED, q.response());
        assertEquals(0x162A09, q.additionalResponseInformation());
        assertCheck(tur(a, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
    }

    @Test
    void clearAcaAndUnknownLuns() {
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.CLEAR_ACA, 0));
        assertEquals(TaskManagementResponse.INCORRECT_LOGICAL_UNIT_NUMBER,
                a.taskManagement(TaskManagementFunction.LOGICAL_UNIT_RESET, 4, 0).response());
    }

    @Test
    void sessionCloseIsNexusLoss() throws Exception {
        CompletableFuture<LocalResponse> mine = hold(a, 3);
        DeviceTask t = d.nextHeld();
        a.close();
        assertTrue(t.isAborted());
        t.complete();
        assertTrue(mine.get(5, TimeUnit.SECONDS).aborted());
        assertTrue(factory.lost.contains(a.session()));
        assertTrue(a.execute(LocalRequest.of(0, 0, 0, 0, 0, 0, 0)).aborted());
        assertEquals(1, h.target.target().relativeTargetPortId());
        assertEquals(1, ((CoreTarget) h.target.target()).sessions().size());
    }

    /** A transport holds its Logout Response on end(): it must not complete before every part forgot the nexus. */
    @Test
    void endCompletesOnceTasksDeviceAndServicesHaveForgottenTheNexus() throws Exception {
        CompletableFuture<Void> shared = new CompletableFuture<>();
        factory.nexusLossDone = shared;
        hold(a, 3);
        DeviceTask t = d.nextHeld();
        CompletableFuture<Void> ended = a.session().end().toCompletableFuture();
        assertTrue(t.isAborted());
        assertFalse(ended.isDone(), "the aborted task has not finished");
        t.complete();
        Thread.sleep(50);
        assertFalse(ended.isDone(), "a service's nexus loss (a cluster_mode unit's shared change) is pending");
        assertTrue(factory.lost.contains(a.session()));
        shared.complete(null);
        ended.get(5, TimeUnit.SECONDS);
        assertEquals(ended, a.session().end().toCompletableFuture(), "end() is idempotent");
    }

    @Test
    void modeParametersChangedSparesTheNexusThatChangedThem() throws Exception {
        hold(a, 1);
        DeviceTask t = d.nextHeld();
        d.context.modeParametersChanged(t);
        t.complete();
        assertGood(tur(a, 0));
        assertCheck(tur(b, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.MODE_PARAMETERS_CHANGED);
    }

    /** A pass-through device's real device reported a unit attention on a's task: b hears of it, a not twice. */
    @Test
    void aUnitAttentionOfTheDeviceReachesEveryOtherNexus() throws Exception {
        hold(a, 1);
        DeviceTask t = d.nextHeld();
        d.context.unitAttention(t, AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
        t.complete();
        assertGood(tur(a, 0));
        assertCheck(tur(b, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
        assertGood(tur(b, 0));
    }

    @Test
    void unregisteringTheTargetAsksItsSessionsToClose() {
        h.target.unregister();
        assertEquals(1, a.closeRequests().size());
        assertTrue(a.execute(LocalRequest.of(0, 0, 0, 0, 0, 0, 0)).aborted());
    }
}
