package io.quiver.core.impl.target;

import static io.quiver.core.impl.target.Harness.assertGood;
import static io.quiver.core.impl.target.Harness.tur;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementResponse;
import io.quiver.spi.target.TaskManagementResult;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What devices hear of nexuses: {@code DeviceTask.nexusId()}, and {@code ScsiDevice.nexusLost} /
 * {@code ScsiDevice.reset} from session close, I_T NEXUS RESET, LOGICAL UNIT RESET and TARGET RESET,
 * each once per device and only after the tasks it aborted have finished.
 */
class DeviceNexusCallbacksTest {

    @TempDir
    Path dir;

    Harness h;
    MemoryDevice d0;
    MemoryDevice d1;
    LocalSession a;
    LocalSession b;

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        d0 = h.device("d0");
        d1 = h.device("d1");
        h.lun(0, "d0");
        h.lun(1, "d1");
        h.lun(2, "d1");
        a = h.login("iqn.a");
        b = h.login("iqn.b");
        d0.events.clear();
        d1.events.clear();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private CompletableFuture<LocalResponse> hold(LocalSession s, int lun) {
        return s.submit(LocalRequest.of(lun, MemoryDevice.HOLD, 0, 0, 0, 0, 0).tag(77));
    }

    private static long id(LocalSession s) {
        return ((CoreSession) s.session()).id();
    }

    @Test
    void tasksCarryTheirNexusId() {
        d0.nexusIds.clear();
        assertGood(tur(a, 0));
        assertGood(tur(b, 0));
        assertGood(tur(a, 0));
        assertEquals(List.of(id(a), id(b), id(a)), d0.nexusIds);
        assertNotEquals(id(a), id(b));
    }

    @Test
    void sessionCloseTellsEveryDeviceOnceAfterTheAbortedTasksFinished() throws Exception {
        hold(a, 0);
        DeviceTask t = d0.nextHeld();
        a.close();
        assertTrue(t.isAborted());
        assertEquals(List.of(), d0.events, "a task of the nexus still runs");
        assertEquals(List.of(), d1.events);
        t.complete();
        assertEquals(List.of("lost:" + id(a)), d0.events);
        assertEquals(List.of("lost:" + id(a)), d1.events, "two LUNs of the nexus map d1: told once");
    }

    @Test
    void itNexusResetTellsTheDevicesBeforeTheFunctionCompletes() throws Exception {
        hold(a, 1);
        DeviceTask t = d1.nextHeld();
        CompletableFuture<TaskManagementResult> r = a.submitTaskManagement(TaskManagementFunction.I_T_NEXUS_RESET, 0, 0);
        Thread.sleep(50);
        assertFalse(r.isDone());
        assertEquals(List.of(), d1.events);
        t.complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, r.get(5, TimeUnit.SECONDS).response());
        assertEquals(List.of("lost:" + id(a)), d1.events);
        assertEquals(List.of("lost:" + id(a)), d0.events);
    }

    @Test
    void logicalUnitResetResetsOnlyThatDeviceAfterItsTasksFinished() throws Exception {
        hold(b, 2);
        DeviceTask t = d1.nextHeld();
        CompletableFuture<TaskManagementResult> r = a.submitTaskManagement(TaskManagementFunction.LOGICAL_UNIT_RESET, 1, 0);
        Thread.sleep(50);
        assertEquals(List.of(), d1.events);
        t.complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, r.get(5, TimeUnit.SECONDS).response());
        assertEquals(List.of("reset"), d1.events);
        assertEquals(List.of(), d0.events);
    }

    @Test
    void targetResetResetsEveryDeviceOnce() {
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE,
                a.taskManagement(TaskManagementFunction.TARGET_RESET, 0, 0).response());
        assertEquals(List.of("reset"), d0.events);
        assertEquals(List.of("reset"), d1.events, "two LUNs map d1: still one reset");
    }
}
