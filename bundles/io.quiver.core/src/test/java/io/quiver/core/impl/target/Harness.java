package io.quiver.core.impl.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.core.impl.map.GroupDefinition;
import io.quiver.core.impl.map.LunDefinition;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseKey;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalResponse;
import io.quiver.transport.local.LocalSession;
import io.quiver.transport.local.LocalTarget;
import io.quiver.transport.local.LocalTargetDriver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A target core with one loopback target ("t1") for pipeline tests: devices, LUNs and groups are added
 * through the same calls the DS component makes, and commands go through the loopback transport.
 */
final class Harness implements AutoCloseable {

    static final String TARGET = "t1";

    final TargetCore core;
    final LocalTargetDriver driver;
    final LocalTarget target;
    private final List<MemoryDevice> devices = new ArrayList<>();
    private final List<LocalSession> sessions = new ArrayList<>();
    private int ids;

    Harness(Path dir) {
        this(dir, 64);
    }

    Harness(Path dir, int sessionQueueDepth) {
        this(dir, sessionQueueDepth, null);
    }

    Harness(Path dir, int sessionQueueDepth, String setupId) {
        core = new TargetCore(dir, sessionQueueDepth, setupId);
        driver = new LocalTargetDriver(core);
        target = driver.createTarget(TARGET);
    }

    MemoryDevice device(String name) {
        return device(new MemoryDevice(name, 16));
    }

    MemoryDevice device(MemoryDevice d) {
        devices.add(d);
        core.addDevice(d);
        return d;
    }

    String lun(int lun, String device) {
        return lun(lun, device, false, "");
    }

    String lun(int lun, String device, boolean readOnly, String group) {
        String id = "lun-" + (++ids);
        core.putLun(new LunDefinition(id, TARGET, lun, device, readOnly, group));
        return id;
    }

    String group(String name, String... patterns) {
        String id = "group-" + (++ids);
        core.putGroup(new GroupDefinition(id, TARGET, name, List.of(patterns)));
        return id;
    }

    /** Logs in and consumes the power-on unit attentions on every LUN it sees, and LUN 0. */
    LocalSession login(String initiator) {
        return login(initiator, List.of());
    }

    /** As {@link #login(String)}, for a transport that names its target port and device with these. */
    LocalSession login(String initiator, List<io.quiver.spi.target.DesignationDescriptor> designators) {
        LocalSession s = target.login(initiator, designators);
        sessions.add(s);
        ((CoreSession) s.session()).lunMap().keySet().forEach(l -> drainUnitAttentions(s, l));
        drainUnitAttentions(s, 0);
        return s;
    }

    static void drainUnitAttentions(LocalSession s, int lun) {
        for (int i = 0; i < 20; i++) {
            LocalResponse r = s.execute(LocalRequest.of(lun, 0x03, 0, 0, 0, 18, 0).dataIn(18));
            if ((r.dataByte(2) & 0x0F) != SenseKey.UNIT_ATTENTION.code()) {
                return;
            }
        }
        throw new AssertionError("unit attentions do not drain");
    }

    static LocalResponse tur(LocalSession s, int lun) {
        return s.execute(LocalRequest.of(lun, 0, 0, 0, 0, 0, 0));
    }

    static void assertCheck(LocalResponse r, SenseKey key, io.quiver.scsi.AdditionalSense asc) {
        assertEquals(ScsiStatus.CHECK_CONDITION, r.status(), () -> r.toString());
        assertEquals(key, r.sense().key(), () -> r.toString());
        assertEquals(asc, r.sense().additionalSense(), () -> r.toString());
    }

    static void assertGood(LocalResponse r) {
        assertEquals(ScsiStatus.GOOD, r.status(), () -> r.toString());
    }

    @Override
    public void close() {
        sessions.forEach(LocalSession::close);
        core.close();
        devices.forEach(MemoryDevice::free);
    }
}
