package io.quiver.handler.fileio.impl;

import io.quiver.spi.device.DeviceContext;
import io.quiver.spi.device.DeviceTask;
import io.quiver.spi.device.ScsiDevice;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The core's side of an attached device, counting the changes the device reports. */
final class TestDeviceContext implements DeviceContext {

    final AtomicInteger mediumChanges = new AtomicInteger();
    final AtomicInteger capacityChanges = new AtomicInteger();
    final AtomicInteger descriptorChanges = new AtomicInteger();

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
    }

    @Override
    public void controlModeChanged(boolean descriptorSense, boolean taskAbortedStatus, int queueAlgorithmModifier) {
    }

    @Override
    public Optional<ScsiDevice> findDevice(byte[] designator) {
        return Optional.empty();
    }
}
