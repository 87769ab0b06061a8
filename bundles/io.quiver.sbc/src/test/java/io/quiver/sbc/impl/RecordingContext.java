package io.quiver.sbc.impl;

import io.quiver.scsi.SenseData;
import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A DeviceContext that records what the device reports and knows devices by designator. */
final class RecordingContext implements DeviceContext {

    final List<String> events = new ArrayList<>();
    final Map<String, ScsiDevice> devices = new HashMap<>();

    @Override
    public synchronized void capacityChanged() {
        events.add("capacity");
    }

    @Override
    public synchronized void descriptorChanged() {
        events.add("descriptor");
    }

    @Override
    public synchronized void mediumChanged() {
        events.add("medium");
    }

    @Override
    public synchronized void modeParametersChanged(DeviceTask task) {
        events.add("mode");
    }

    @Override
    public synchronized void unitAttention(DeviceTask task, io.quiver.scsi.AdditionalSense sense) {
        events.add("ua " + sense);
    }

    @Override
    public synchronized void controlModeChanged(boolean descriptorSense, boolean taskAbortedStatus, int qam) {
        events.add("control " + descriptorSense + " " + taskAbortedStatus + " " + qam);
    }

    @Override
    public synchronized void deferredError(SenseData sense) {
        events.add("deferred " + sense);
    }

    @Override
    public Optional<ScsiDevice> findDevice(byte[] designator) {
        return Optional.ofNullable(devices.get(Arrays.toString(designator)));
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }
}
