package io.quiver.handler.passthrough.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.scsi.PeripheralDeviceType;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.testing.FakeDeviceTask;
import io.quiver.transport.iscsi.impl.session.TestTargets;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** dev_disk over a remote LUN of Quiver's own target driver (in process, TCP on 127.0.0.1). */
class PassThroughDeviceTest {

    static PassThroughDevice.Config config(String filename) {
        Map<String, Object> v = Map.of("name", "pt0", "filename", filename);
        return (PassThroughDevice.Config) Proxy.newProxyInstance(PassThroughDevice.Config.class.getClassLoader(),
                new Class<?>[] {PassThroughDevice.Config.class},
                (p, m, a) -> v.containsKey(m.getName()) ? v.get(m.getName()) : m.getDefaultValue());
    }

    @Test
    void forwardsCommandsAndSenseAndFailsClearlyWhenTheBackendIsGone() throws Exception {
        PassThroughDevice device;
        try (TestTargets target = new TestTargets()) {
            device = new PassThroughDevice(null, config("iscsi://127.0.0.1:" + target.port() + "/" + TestTargets.IQN + "/0"), PassThroughType.DISK);
            // READ CAPACITY (10): the backend's 2048 blocks of 512 bytes (after the login's unit attention, if any).
            FakeDeviceTask cap = run(device, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            if (cap.status() == ScsiStatus.CHECK_CONDITION) {
                cap.close();
                cap = run(device, 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            }
            assertEquals(ScsiStatus.GOOD, cap.status());
            assertEquals(2047, cap.data().getInt(0));
            assertEquals(512, cap.data().getInt(4));
            cap.close();
            // An opcode the backend does not know: its CHECK CONDITION and sense, unchanged.
            try (FakeDeviceTask bad = run(device, 0xFF, 0, 0, 0, 0, 0)) {
                assertEquals(ScsiStatus.CHECK_CONDITION, bad.status());
                assertEquals(SenseKey.ILLEGAL_REQUEST, bad.sense().key());
            }
        }
        // The backend's target is gone: the command that finds out fails with LOGICAL UNIT COMMUNICATION
        // FAILURE (ABORTED COMMAND), the next one with NOT READY while the backend tries again; not a hang.
        try (FakeDeviceTask lost = run(device, 0, 0, 0, 0, 0, 0)) {
            assertEquals(ScsiStatus.CHECK_CONDITION, lost.status());
            assertEquals(SenseKey.ABORTED_COMMAND, lost.sense().key());
            assertEquals(0x08, lost.sense().asc());
        }
        try (FakeDeviceTask down = run(device, 0, 0, 0, 0, 0, 0)) {
            assertEquals(ScsiStatus.CHECK_CONDITION, down.status());
            assertEquals(SenseKey.NOT_READY, down.sense().key());
            assertEquals(0x08, down.sense().asc());
        }
        device.deactivate();
    }

    /**
     * A LOGICAL UNIT RESET of the pass-through LUN (the core calls the device's reset) reaches the real
     * device: the remote target receives a LOGICAL UNIT RESET for the backend's LUN, as SCST's dev handlers
     * pass resets on; commands work after it.
     */
    @Test
    void aResetOfThePassThroughLunResetsTheRemoteLun() throws Exception {
        try (TestTargets target = new TestTargets()) {
            PassThroughDevice device = new PassThroughDevice(null, config("iscsi://127.0.0.1:" + target.port() + "/" + TestTargets.IQN + "/0"), PassThroughType.DISK);
            awaitGood(device);
            assertEquals(List.of(), target.taskManagementReceived());
            device.reset();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (target.taskManagementReceived().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("LOGICAL_UNIT_RESET 0"), target.taskManagementReceived());
            awaitGood(device);
            device.deactivate();
        }
    }

    /**
     * Each dev handler attaches only to real devices of its type, as SCST's do: dev_disk registers the backend's
     * disk (a disk, not removable), dev_tape and dev_cdrom refuse it and register
     * nothing.
     */
    @Test
    void aHandlerAttachesOnlyToDevicesOfItsType() throws Exception {
        try (TestTargets target = new TestTargets()) {
            String url = "iscsi://127.0.0.1:" + target.port() + "/" + TestTargets.IQN + "/0";
            List<Object> registered = new CopyOnWriteArrayList<>();
            BundleContext bundle = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (p, m, a) -> {
                        if (m.getName().equals("registerService")) {
                            registered.add(a[1]);
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {ServiceRegistration.class}, (q, n, b) -> null);
                        }
                        throw new UnsupportedOperationException(m.getName());
                    });
            PassThroughDevice tape = new PassThroughDevice(bundle, config(url), PassThroughType.TAPE);
            PassThroughDevice cdrom = new PassThroughDevice(bundle, config(url), PassThroughType.CDROM);
            PassThroughDevice disk = new PassThroughDevice(bundle, config(url), PassThroughType.DISK);
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); registered.isEmpty()
                    && System.nanoTime() < deadline; ) {
                Thread.sleep(20);
            }
            awaitGood(disk);
            awaitGood(tape);
            awaitGood(cdrom);
            Thread.sleep(200); // the refusals happen when the devices answered, as the disk's registration did
            assertEquals(List.of(disk), registered);
            assertEquals(PeripheralDeviceType.DIRECT_ACCESS_BLOCK, disk.descriptor().type());
            assertEquals("dev_disk", disk.descriptor().handlerName());
            assertEquals(false, disk.descriptor().removable());
            for (PassThroughDevice d : List.of(tape, cdrom, disk)) {
                d.deactivate();
            }
        }
    }

    /**
     * TEST UNIT READY until GOOD, 10 s at most: the device logs in to its backend in the background (NOT
     * READY meanwhile), and the backend's first answers after a login may carry its unit attentions.
     */
    private static void awaitGood(PassThroughDevice device) throws InterruptedException {
        List<String> seen = new java.util.ArrayList<>();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < deadline; Thread.sleep(50)) {
            try (FakeDeviceTask t = run(device, 0, 0, 0, 0, 0, 0)) {
                if (t.status() == ScsiStatus.GOOD) {
                    return;
                }
                seen.add(t.status() + " " + t.sense());
            }
        }
        throw new AssertionError("TEST UNIT READY never GOOD: " + seen);
    }

    private static FakeDeviceTask run(PassThroughDevice device, int... cdb) throws InterruptedException {
        FakeDeviceTask t = new FakeDeviceTask(cdb);
        device.execute(t);
        return t.await();
    }
}
