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
import io.quiver.scsi.TaskAttribute;
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

/** The ACA condition (SAM-5 5.9) through the loopback transport: NACA, ACA tasks, CLEAR ACA, resets. */
class AcaConditionTest {

    @TempDir
    Path dir;

    Harness h;
    MemoryDevice d;
    LocalSession a;
    LocalSession b;

    @BeforeEach
    void setUp() {
        h = new Harness(dir);
        d = h.device("d0");
        h.lun(0, "d0");
        a = h.login("iqn.a");
        b = h.login("iqn.b");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    /** REZERO UNIT (01h), which the device does not implement, with the CONTROL byte given. */
    private static LocalResponse failing(LocalSession s, int control) {
        return s.execute(LocalRequest.of(0, 0x01, 0, 0, 0, 0, control));
    }

    private static LocalResponse acaTur(LocalSession s) {
        return s.execute(LocalRequest.of(0, 0, 0, 0, 0, 0, 0).attribute(TaskAttribute.ACA));
    }

    private static TaskManagementResponse tmf(LocalSession s, TaskManagementFunction f) {
        return s.taskManagement(f, 0, 0).response();
    }

    private void establish() {
        assertCheck(failing(a, 0x04), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
    }

    private static void assertAcaActive(LocalResponse r) {
        assertEquals(ScsiStatus.ACA_ACTIVE, r.status(), r::toString);
    }

    @Test
    void standardInquiryReportsNormAca() {
        LocalResponse r = a.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 36, 0).dataIn(36));
        assertEquals(0x20, r.dataByte(3) & 0x20);
    }

    @Test
    void nacaZeroCheckConditionEstablishesNoAca() {
        assertCheck(failing(a, 0), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
        assertGood(tur(a, 0));
        assertGood(tur(b, 0));
    }

    @Test
    void acaBlocksEveryNonAcaCommandUntilClearAcaFromTheFaultedNexus() {
        establish();
        assertAcaActive(tur(a, 0));
        assertAcaActive(a.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 36, 0).dataIn(36)));
        assertAcaActive(tur(b, 0));
        assertAcaActive(acaTur(b));
        assertGood(acaTur(a));
        assertEquals(TaskManagementResponse.FUNCTION_REJECTED, tmf(b, TaskManagementFunction.CLEAR_ACA));
        assertAcaActive(tur(a, 0));
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.CLEAR_ACA));
        assertGood(tur(a, 0));
        assertGood(tur(b, 0));
        assertCheck(acaTur(a), SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_MESSAGE_ERROR);
    }

    @Test
    void onlyOneAcaTaskRunsAtATimeAndClearAcaAbortsIt() throws Exception {
        establish();
        CompletableFuture<LocalResponse> held = a.submit(
                LocalRequest.of(0, MemoryDevice.HOLD, 0, 0, 0, 0, 0).attribute(TaskAttribute.ACA).tag(9));
        DeviceTask t = d.nextHeld();
        assertAcaActive(acaTur(a));
        CompletableFuture<TaskManagementResult> clear = a.submitTaskManagement(TaskManagementFunction.CLEAR_ACA, 0, 0);
        assertTrue(t.isAborted());
        assertFalse(clear.isDone());
        t.complete();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, clear.get(5, TimeUnit.SECONDS).response());
        assertTrue(held.get(5, TimeUnit.SECONDS).aborted());
        assertGood(tur(a, 0));
    }

    @Test
    void anAcaTaskFinishingFreesTheSlotAndAFailingOneKeepsTheAca() {
        establish();
        assertGood(acaTur(a));
        assertCheck(a.execute(LocalRequest.of(0, 0x01, 0, 0, 0, 0, 0x04).attribute(TaskAttribute.ACA)),
                SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
        assertAcaActive(tur(a, 0));
        assertGood(acaTur(a));
    }

    @Test
    void logicalUnitResetClearsAca() {
        establish();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(b, TaskManagementFunction.LOGICAL_UNIT_RESET));
        assertCheck(tur(a, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
        assertGood(tur(a, 0));
    }

    @Test
    void targetResetClearsAca() {
        establish();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(a, TaskManagementFunction.TARGET_RESET));
        Harness.drainUnitAttentions(b, 0);
        assertGood(tur(b, 0));
    }

    @Test
    void lossOfTheFaultedNexusClearsAcaButAnotherNexusLossDoesNot() {
        establish();
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE, tmf(b, TaskManagementFunction.I_T_NEXUS_RESET));
        assertAcaActive(tur(b, 0));
        a.close();
        assertCheck(tur(b, 0), SenseKey.UNIT_ATTENTION, AdditionalSense.I_T_NEXUS_LOSS_OCCURRED);
        assertGood(tur(b, 0));
    }
}
