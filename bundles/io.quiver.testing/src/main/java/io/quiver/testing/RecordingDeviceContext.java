package io.quiver.testing;

import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The core's side of an attached device, counting the changes the device reports (each of which the core
 * would turn into a unit attention). Safe to call from any thread. It knows no other devices:
 * {@link #findDevice(byte[])} finds none.
 */
public final class RecordingDeviceContext implements DeviceContext {

    private final AtomicInteger capacityChanges = new AtomicInteger();
    private final AtomicInteger descriptorChanges = new AtomicInteger();
    private final AtomicInteger mediumChanges = new AtomicInteger();
    private final AtomicInteger modeParameterChanges = new AtomicInteger();
    private final AtomicInteger controlModeChanges = new AtomicInteger();
    private final List<SenseData> deferredErrors = new CopyOnWriteArrayList<>();
    private volatile String controlMode = "";
    private final List<AdditionalSense> unitAttentions = new CopyOnWriteArrayList<>();

    /** How often the device reported {@link #capacityChanged()}. */
    public int capacityChanges() {
        return capacityChanges.get();
    }

    /** How often the device reported {@link #descriptorChanged()}. */
    public int descriptorChanges() {
        return descriptorChanges.get();
    }

    /** How often the device reported {@link #mediumChanged()}. */
    public int mediumChanges() {
        return mediumChanges.get();
    }

    /** How often the device reported {@link #modeParametersChanged(DeviceTask)}. */
    public int modeParameterChanges() {
        return modeParameterChanges.get();
    }

    /** How often the device reported {@link #controlModeChanged(boolean, boolean, int)}. */
    public int controlModeChanges() {
        return controlModeChanges.get();
    }

    /** The Control mode fields the device reported last, as "D_SENSE d TAS t QAM q"; empty if none. */
    public String controlMode() {
        return controlMode;
    }

    /** The unit attentions the device reported through {@link #unitAttention}, oldest first. */
    public List<AdditionalSense> unitAttentions() {
        return List.copyOf(unitAttentions);
    }

    @Override
    public void unitAttention(DeviceTask task, AdditionalSense sense) {
        unitAttentions.add(sense);
    }

    /** The deferred errors the device reported, oldest first. */
    public List<SenseData> deferredErrors() {
        return List.copyOf(deferredErrors);
    }

    @Override
    public void deferredError(SenseData sense) {
        deferredErrors.add(sense);
    }

    @Override
    public void capacityChanged() {
        capacityChanges.incrementAndGet();
    }

    @Override
    public void descriptorChanged() {
        descriptorChanges.incrementAndGet();
    }

    @Override
    public void mediumChanged() {
        mediumChanges.incrementAndGet();
    }

    @Override
    public void modeParametersChanged(DeviceTask task) {
        modeParameterChanges.incrementAndGet();
    }

    @Override
    public void controlModeChanged(boolean descriptorSense, boolean taskAbortedStatus, int queueAlgorithmModifier) {
        controlMode = "D_SENSE " + (descriptorSense ? 1 : 0) + " TAS " + (taskAbortedStatus ? 1 : 0) + " QAM "
                + queueAlgorithmModifier;
        controlModeChanges.incrementAndGet();
    }

    @Override
    public Optional<ScsiDevice> findDevice(byte[] designator) {
        return Optional.empty();
    }
}
