package io.quiver.core.impl.target;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.Optional;

/**
 * The {@link DeviceContext} a device gets at attach: turns the device's reports into unit attentions (and
 * deferred errors) on the nexuses of its logical unit and keeps the Control mode page fields the core enforces.
 * Thread-safe; nothing blocks.
 */
final class UnitDeviceContext implements DeviceContext {

    private final LogicalUnit unit;

    UnitDeviceContext(LogicalUnit unit) {
        this.unit = unit;
    }

    @Override
    public void capacityChanged() {
        unit.raiseUnitAttentionExcept(null, AdditionalSense.CAPACITY_DATA_HAS_CHANGED);
    }

    @Override
    public void descriptorChanged() {
        unit.refreshDescriptor();
        unit.raiseUnitAttentionExcept(null, AdditionalSense.INQUIRY_DATA_HAS_CHANGED);
    }

    @Override
    public void mediumChanged() {
        unit.raiseUnitAttentionExcept(null, AdditionalSense.NOT_READY_TO_READY_CHANGE_MEDIUM_MAY_HAVE_CHANGED);
    }

    @Override
    public void modeParametersChanged(DeviceTask task) {
        unitAttention(task, AdditionalSense.MODE_PARAMETERS_CHANGED);
    }

    @Override
    public void unitAttention(DeviceTask task, AdditionalSense sense) {
        Object spared = task instanceof Task ? ((Task) task).nexus() : null;
        unit.raiseUnitAttentionExcept((CoreSession) spared, sense);
    }

    @Override
    public void deferredError(SenseData sense) {
        if (!sense.deferred()) {
            throw new IllegalArgumentException("not a deferred error: " + sense);
        }
        for (CoreSession s : unit.core().sessions()) {
            s.queueDeferredError(unit, sense);
        }
    }

    @Override
    public void controlModeChanged(boolean descriptorSense, boolean taskAbortedStatus, int queueAlgorithmModifier) {
        unit.descriptorSense = descriptorSense;
        unit.taskAbortedStatus = taskAbortedStatus;
        unit.queueAlgorithmModifier = queueAlgorithmModifier;
    }

    @Override
    public Optional<ScsiDevice> findDevice(byte[] designator) {
        for (LogicalUnit u : unit.core().units()) {
            if (u.identity().matches(designator)) {
                return Optional.of(u.device());
            }
        }
        return Optional.empty();
    }
}
