package io.quiver.core.impl.alua;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.CommandDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * ALUA at one logical unit: refuses commands a non-active target port group does not process, answers
 * REPORT and SET TARGET PORT GROUPS for devices in a device group, and raises ASYMMETRIC ACCESS STATE
 * CHANGED when the {@link AluaManager}'s snapshot changes what a nexus sees.
 *
 * <p>Thread-safe and non-blocking: it reads the manager's immutable snapshot.
 */
final class AluaService implements LogicalUnitService {

    /** The CONTROL byte's usage bits (NACA, obsolete, LINK). */
    private static final byte CONTROL = 0x07;

    private final LogicalUnitContext context;
    private final AluaManager manager;
    /** A cluster_mode unit's groups from the cluster ({@link ClusterAlua}); configured groups otherwise. */
    private final ClusterAlua cluster;

    AluaService(LogicalUnitContext context, AluaManager manager) {
        this.context = context;
        this.manager = manager;
        this.cluster = context.clusterMode()
                ? new ClusterAlua(context, (before, after) -> configurationChanged(before, after, null)) : null;
    }

    /** The cluster's snapshot for a cluster_mode unit that has one, else {@code null}. */
    AluaConfiguration clusterConfiguration() {
        return cluster == null ? null : cluster.configuration();
    }

    /** The snapshot this unit answers from: the cluster's, else the configured one. */
    private AluaConfiguration configuration() {
        AluaConfiguration c = clusterConfiguration();
        return c != null ? c : manager.configuration();
    }

    String deviceName() {
        return context.deviceName();
    }

    @Override
    public String check(LuTask task) {
        Nexus nexus = task.nexus();
        manager.learn(nexus);
        TargetPortGroup group = configuration().targetGroupFor(context.deviceName(), nexus);
        if (group == null || StateFilter.allows(group.state(), task.cdb())) {
            return null;
        }
        task.fail(SenseData.of(SenseKey.NOT_READY, group.state().notReadySense()));
        return "target port group " + group.id() + " is " + group.state().configName();
    }

    @Override
    public boolean handles(LuTask task) {
        int opcode = task.opcode();
        if (opcode != ScsiOpcode.MAINTENANCE_IN && opcode != ScsiOpcode.MAINTENANCE_OUT) {
            return false;
        }
        // Without a device group the unit has no ALUA (TPGS 0): the command is not ours.
        int serviceAction = task.cdb().getUnsignedByte(task.cdb().readerIndex() + 1) & 0x1F;
        int ours = opcode == ScsiOpcode.MAINTENANCE_IN ? ScsiOpcode.MI_REPORT_TARGET_PORT_GROUPS
                : ScsiOpcode.MO_SET_TARGET_PORT_GROUPS;
        if (clusterConfiguration() != null) {
            // Across nodes the owner is elected (implicit ALUA, TPGS 01b): SET TARGET PORT GROUPS is not ours.
            return opcode == ScsiOpcode.MAINTENANCE_IN && serviceAction == ours;
        }
        return serviceAction == ours && manager.configuration().deviceGroupOf(context.deviceName()) != null;
    }

    @Override
    public void execute(LuTask task) {
        if (task.opcode() == ScsiOpcode.MAINTENANCE_IN) {
            reportTargetPortGroups(task);
        } else {
            setTargetPortGroups(task);
        }
    }

    private void reportTargetPortGroups(LuTask task) {
        ByteBuf cdb = task.cdb();
        int format = cdb.getUnsignedByte(cdb.readerIndex() + 1) >> 5;
        long allocation = cdb.getUnsignedInt(cdb.readerIndex() + 6);
        if (format > 1) {
            task.fail(SenseData.invalidFieldInCdb(1, 7));
            return;
        }
        List<TargetPortGroupsData.Entry> entries = new ArrayList<>();
        for (TargetPortGroup g : configuration().targetGroupsOf(context.deviceName())) {
            entries.add(new TargetPortGroupsData.Entry(g, portsOf(g)));
        }
        ByteBuf data = TargetPortGroupsData.encode(entries, format == 1, task.alloc());
        if (data.readableBytes() > allocation) {
            data.writerIndex(data.readerIndex() + (int) allocation);
        }
        task.complete(data);
    }

    /** The group's configured ports plus the ports of its targets that this unit has nexuses on. */
    private TreeSet<Integer> portsOf(TargetPortGroup g) {
        TreeSet<Integer> ports = new TreeSet<>(g.relativeTargetPorts());
        for (Nexus n : context.nexuses()) {
            if (g.targets().contains(n.targetName())) {
                ports.add(n.relativeTargetPortId());
            }
        }
        manager.knownTargets().forEach((port, name) -> {
            if (g.targets().contains(name)) {
                ports.add(port);
            }
        });
        return ports;
    }

    /** The CDB usage data of REPORT and SET TARGET PORT GROUPS (MAINTENANCE IN/OUT), for REPORT SUPPORTED OPERATION CODES. */
    static List<CommandDescriptor> supportedCommands() {
        byte ff = (byte) 0xFF;
        return List.of(
                new CommandDescriptor(0xA3, 0x0A, new byte[] {(byte) 0xA3, ff, 0, 0, 0, 0, ff, ff, ff, ff, 0, CONTROL}),
                new CommandDescriptor(0xA4, 0x0A, new byte[] {(byte) 0xA4, 0x1F, 0, 0, 0, 0, ff, ff, ff, ff, 0, CONTROL}));
    }

    private void setTargetPortGroups(LuTask task) {
        long length = task.cdb().getUnsignedInt(task.cdb().readerIndex() + 6);
        if (length == 0) {
            task.complete();
            return;
        }
        if (length < 4 || length % 4 != 0 || length > task.expectedDataTransferLength() || length > 4 + 4 * 0xFFFF) {
            task.fail(SenseData.of(SenseKey.ILLEGAL_REQUEST, AdditionalSense.PARAMETER_LIST_LENGTH_ERROR));
            return;
        }
        task.receiveDataOut((int) length).whenComplete((list, error) -> {
            if (error == null) {
                try {
                    applySetTargetPortGroups(task, list);
                } finally {
                    list.release();
                }
            }
        });
    }

    private void applySetTargetPortGroups(LuTask task, ByteBuf list) {
        List<TargetPortGroup> mine = manager.configuration().targetGroupsOf(context.deviceName());
        Map<Integer, AccessState> requested = new LinkedHashMap<>();
        int base = list.readerIndex();
        for (int at = 4; at < list.readableBytes(); at += 4) {
            AccessState state = AccessState.fromCode(list.getUnsignedByte(base + at) & 0x0F);
            int id = list.getUnsignedShort(base + at + 2);
            boolean explicitState = state == AccessState.ACTIVE_OPTIMIZED || state == AccessState.ACTIVE_NONOPTIMIZED
                    || state == AccessState.STANDBY || state == AccessState.UNAVAILABLE;
            if (!explicitState) {
                task.fail(SenseData.invalidFieldInParameterList(at, 3));
                return;
            }
            if (mine.stream().noneMatch(g -> g.id() == id)) {
                task.fail(SenseData.invalidFieldInParameterList(at + 2, -1));
                return;
            }
            requested.put(id, state);
        }
        manager.setTargetPortGroups(requested, task.nexus());
        task.complete();
    }

    /** The snapshot changed: nexuses whose group, state or PREF changed get a unit attention. */
    void configurationChanged(AluaConfiguration before, AluaConfiguration after, Nexus spared) {
        for (Nexus n : context.nexuses()) {
            if ((spared == null || n.id() != spared.id())
                    && AluaConfiguration.changed(before, after, context.deviceName(), n)) {
                context.raiseUnitAttention(n, AdditionalSense.ASYMMETRIC_ACCESS_STATE_CHANGED);
            }
        }
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
        manager.closed(this);
    }
}
