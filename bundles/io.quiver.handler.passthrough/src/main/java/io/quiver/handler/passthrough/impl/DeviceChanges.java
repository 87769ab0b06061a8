package io.quiver.handler.passthrough.impl;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the real device says about itself in its answers that the core must hear of, as SCST's core does for its
 * dev handlers. The real device sees one nexus (the backend's), so it reports a reset, a resize or a mode change
 * once, to whichever initiator's command comes first: such a unit attention is passed on to every other nexus
 * ({@code scst_dev_check_set_UA}); a MODE SELECT that succeeded gives the others MODE PARAMETERS CHANGED, as the
 * device would if each initiator had its own nexus to it. After a MODE SELECT, a reset or a mode change the
 * Control page is read again, so D_SENSE, TAS and QAM the core applies are the device's
 * ({@code scst_obtain_device_parameters}). Unit attentions about the backend's own nexus or about state the core
 * keeps for the pass-through LUN (reservations, ALUA, the LUN inventory of the backend's target) are not passed
 * on: they describe the backend's view, not the initiators'. Thread-safe: the context is set at attach and read
 * on completion threads.
 */
final class DeviceChanges {

    /** The unit attentions that describe the device: medium, reset, parameters, capacity, inquiry data. */
    static final Set<AdditionalSense> OF_THE_DEVICE = EnumSet.of(
            AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED,
            AdditionalSense.POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED,
            AdditionalSense.POWER_ON_OCCURRED,
            AdditionalSense.SCSI_BUS_RESET_OCCURRED,
            AdditionalSense.BUS_DEVICE_RESET_FUNCTION_OCCURRED,
            AdditionalSense.PARAMETERS_CHANGED,
            AdditionalSense.MODE_PARAMETERS_CHANGED,
            AdditionalSense.CAPACITY_DATA_HAS_CHANGED,
            AdditionalSense.THIN_PROVISIONING_SOFT_THRESHOLD_REACHED,
            AdditionalSense.INQUIRY_DATA_HAS_CHANGED);

    private final Supplier<CompletableFuture<ControlModePage>> controlPage;
    private volatile DeviceContext context;

    /** @param controlPage reads the device's Control page (completes with {@code null} if it has none or is away) */
    DeviceChanges(Supplier<CompletableFuture<ControlModePage>> controlPage) {
        this.controlPage = controlPage;
    }

    /** The core attached the device ({@code null}: detached, nothing is passed on); its Control page is read. */
    void context(DeviceContext c) {
        context = c;
        if (c != null) {
            readControlPage();
        }
    }

    /** {@code task} ended with {@code status} and {@code sense} from the device. */
    void completed(DeviceTask task, ScsiStatus status, SenseData sense) {
        DeviceContext c = context;
        if (c == null) {
            return;
        }
        int op = task.opcode();
        if (status == ScsiStatus.GOOD && (op == ScsiOpcode.MODE_SELECT_6 || op == ScsiOpcode.MODE_SELECT_10)) {
            c.modeParametersChanged(task);
            readControlPage();
            return;
        }
        if (status != ScsiStatus.CHECK_CONDITION || sense == null || sense.key() != SenseKey.UNIT_ATTENTION) {
            return;
        }
        AdditionalSense code = sense.additionalSense();
        if (code != null && OF_THE_DEVICE.contains(code)) {
            c.unitAttention(task, code);
            if (code.asc() == 0x29 || code == AdditionalSense.MODE_PARAMETERS_CHANGED) {
                readControlPage();
            }
        }
    }

    /** Reads the device's Control page and tells the core its fields (a device without one keeps the defaults). */
    void readControlPage() {
        controlPage.get().thenAccept(page -> {
            DeviceContext c = context;
            if (page != null && c != null) {
                c.controlModeChanged(page.descriptorSense(), page.taskAbortedStatus(), page.queueAlgorithmModifier());
            }
        });
    }
}
