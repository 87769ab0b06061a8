package io.quiver.core.impl.alua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.pr.FakeContext;
import io.quiver.core.impl.pr.FakeNexus;
import io.quiver.core.impl.pr.FakeTask;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.SenseKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REPORT/SET TARGET PORT GROUPS bytes, implicit and explicit transitions and their unit attentions. */
class AluaServiceTest {

    @TempDir
    Path dir;

    private final FakeNexus n1 = new FakeNexus("iqn.2026-01.test:host", "23d000000001", "tgt1", 1);
    private final FakeNexus n2 = new FakeNexus("iqn.2026-01.test:host", "23d000000002", "tgt2", 2);
    private final Object keyA = new Object();
    private final Object keyB = new Object();
    private AluaManager manager;
    private FakeContext context;
    private LogicalUnitService service;

    static TargetPortGroup group(String name, int id, String state, int[] ports, String... targets) {
        return TargetGroupConfiguration.toGroup(name, id, state, false, ports, targets);
    }

    @BeforeEach
    void setUp() {
        manager = new AluaManager();
        context = new FakeContext("disk1", dir, n1, n2);
        service = manager.create(context);
    }

    private void configure() {
        manager.putTargetGroup(keyA, group("a", 1, "active/optimized", new int[] {1}));
        manager.putTargetGroup(keyB, group("b", 2, "standby", new int[0], "tgt2"));
        manager.putDeviceGroup(new Object(), DeviceGroupConfiguration.toGroup("dg", new String[] {"disk1"},
                new String[] {"a", "b"}, 7));
        context.unitAttentions().clear();
    }

    private FakeTask run(FakeTask task) {
        if (service.check(task) == null) {
            if (service.handles(task)) {
                service.execute(task);
            } else {
                task.complete();
            }
        }
        return task;
    }

    private byte[] rtpg(FakeNexus n, int format) {
        try (FakeTask t = run(FakeTask.of(n, DataDirection.IN, 0xA3, (format << 5) | 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0))) {
            t.assertGood();
            return t.data();
        }
    }

    private FakeTask stpg(FakeNexus n, int... descriptors) {
        byte[] data = new byte[4 + descriptors.length * 2];
        for (int i = 0; i < descriptors.length; i += 2) {
            data[4 + i * 2] = (byte) descriptors[i];
            data[4 + i * 2 + 2] = (byte) (descriptors[i + 1] >> 8);
            data[4 + i * 2 + 3] = (byte) descriptors[i + 1];
        }
        int len = data.length;
        return run(new FakeTask(n, FakeTask.bytes(0xA4, 0x0A, 0, 0, 0, 0, 0, 0, 0, len, 0, 0),
                DataDirection.OUT, len, data));
    }

    @Test
    void withoutConfigurationEverythingIsActiveOptimized() {
        assertEquals(0, manager.targetPortGroupSupport());
        assertEquals(-1, manager.targetPortGroup(1));
        assertEquals(-1, manager.logicalUnitGroup("disk1"));
        assertTrue(manager.supportedCommands().isEmpty());
        try (FakeTask t = FakeTask.of(n2, DataDirection.IN, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0)) {
            assertNull(service.check(t));
        }
        try (FakeTask t = FakeTask.of(n1, DataDirection.IN, 0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0)) {
            assertFalse(service.handles(t), "RTPG is left to the pipeline's INVALID COMMAND OPERATION CODE");
        }
    }

    @Test
    void vpdAndInquiryFields() {
        configure();
        assertEquals(3, manager.targetPortGroupSupport());
        assertEquals(3, manager.targetPortGroupSupport("disk1"), "disk1 is in device group dg");
        assertEquals(0, manager.targetPortGroupSupport("disk2"), "a device in no group has no ALUA: TPGS 0, RTPG unsupported");
        assertEquals(1, manager.targetPortGroup(1));
        assertEquals(-1, manager.targetPortGroup(2), "tgt2 not seen yet");
        try (FakeTask t = run(FakeTask.of(n2, DataDirection.IN, 0x12, 0, 0, 0, 0x24, 0))) {
            t.assertGood();
        }
        assertEquals(2, manager.targetPortGroup(2), "learned from a nexus");
        assertEquals(7, manager.logicalUnitGroup("disk1"));
        assertEquals(-1, manager.logicalUnitGroup("disk2"));
        assertEquals(2, manager.supportedCommands().size());
    }

    @Test
    void reportTargetPortGroupsBothFormats() {
        configure();
        byte[] expectedDescriptors = FakeTask.bytes(
                0x00, 0xCF, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
                0x02, 0xCF, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2);
        byte[] plain = rtpg(n1, 0);
        assertEquals(4 + 24, plain.length);
        assertEquals(24, plain[3]);
        assertArrayEquals(expectedDescriptors, java.util.Arrays.copyOfRange(plain, 4, plain.length));
        byte[] extended = rtpg(n1, 1);
        assertEquals(8 + 24, extended.length);
        assertEquals(28, extended[3]);
        assertEquals(0x10, extended[4], "FORMAT TYPE 001b");
        assertArrayEquals(expectedDescriptors, java.util.Arrays.copyOfRange(extended, 8, extended.length));
        try (FakeTask t = run(FakeTask.of(n1, DataDirection.IN, 0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0))) {
            assertEquals(6, t.assertGood().data().length, "allocation length");
        }
        try (FakeTask t = run(FakeTask.of(n1, DataDirection.IN, 0xA3, 0x4A, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0))) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
        }
    }

    @Test
    void standbyPortRefusesMediaAccess() {
        configure();
        try (FakeTask t = run(FakeTask.of(n2, DataDirection.IN, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0))) {
            t.assertSense(SenseKey.NOT_READY, AdditionalSense.LOGICAL_UNIT_NOT_READY_TARGET_PORT_IN_STANDBY_STATE);
        }
        try (FakeTask t = run(FakeTask.of(n1, DataDirection.IN, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0))) {
            t.assertGood();
        }
        assertEquals(2, rtpg(n2, 0)[4 + 12] & 0x0F, "RTPG works on the standby port");
    }

    @Test
    void implicitTransitionRaisesUnitAttentionOnAffectedNexuses() {
        configure();
        manager.putTargetGroup(keyB, group("b", 2, "active/nonoptimized", new int[0], "tgt2"));
        assertEquals(List.of(AdditionalSense.ASYMMETRIC_ACCESS_STATE_CHANGED), context.unitAttentionsOf(n2));
        assertEquals(List.of(), context.unitAttentionsOf(n1));
        assertEquals(2, rtpg(n1, 0)[4 + 12 + 5], "STATUS CODE: implicit");
        try (FakeTask t = run(FakeTask.of(n2, DataDirection.IN, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0))) {
            t.assertGood();
        }
        context.unitAttentions().clear();
        manager.removeDeviceGroup(new Object());
        assertTrue(context.unitAttentions().isEmpty(), "removing an unknown key changes nothing");
    }

    @Test
    void setTargetPortGroupsIsAnExplicitTransition() {
        configure();
        try (FakeTask t = stpg(n1, 0x01, 2)) {
            t.assertGood();
        }
        assertEquals(List.of(AdditionalSense.ASYMMETRIC_ACCESS_STATE_CHANGED), context.unitAttentionsOf(n2));
        assertEquals(List.of(), context.unitAttentionsOf(n1), "the STPG nexus is spared");
        byte[] data = rtpg(n1, 0);
        assertEquals(0x01, data[4 + 12] & 0x0F);
        assertEquals(1, data[4 + 12 + 5], "STATUS CODE: by STPG");

        try (FakeTask t = stpg(n1, 0x0E, 2)) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        try (FakeTask t = stpg(n1, 0x00, 9)) {
            t.assertSense(SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_PARAMETER_LIST);
        }
        // The configured state wins once it changes.
        manager.putTargetGroup(keyB, group("b", 2, "unavailable", new int[0], "tgt2"));
        assertEquals(3, rtpg(n1, 0)[4 + 12] & 0x0F);
    }

    @Test
    void closedServicesAreNotNotified() {
        configure();
        service.close();
        manager.putTargetGroup(keyB, group("b", 2, "offline", new int[0], "tgt2"));
        assertTrue(context.unitAttentions().isEmpty());
    }

    @Test
    void configurationValidation() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> group("x", 0, "standby", new int[0]));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> group("x", 1, "asleep", new int[0]));
        assertEquals(AccessState.ACTIVE_NONOPTIMIZED, group("x", 1, "nonoptimized", new int[0]).state());
        assertEquals(Set.of("t"), group("x", 1, "active", new int[0], " t ", "").targets());
    }
}
