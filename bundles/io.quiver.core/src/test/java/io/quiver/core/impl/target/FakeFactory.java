package io.quiver.core.impl.target;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.LogicalUnitService;
import io.quiver.core.impl.lu.LogicalUnitServiceFactory;
import io.quiver.core.impl.lu.LuTask;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.spi.device.CommandDescriptor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A logical-unit service factory like ALUA's: TPGS 1, target port group 7, LU group 9, reports a
 * vendor command (C1h) that its services answer, and records nexus losses and resets.
 */
final class FakeFactory implements LogicalUnitServiceFactory {

    static final int VENDOR = 0xC1;

    final List<Nexus> lost = new CopyOnWriteArrayList<>();
    final AtomicInteger resets = new AtomicInteger();
    /** What the services' nexusLost returns: a test holds it to stand for a cluster_mode unit's shared change. */
    volatile CompletableFuture<Void> nexusLossDone = CompletableFuture.completedFuture(null);
    volatile LogicalUnitContext context;

    @Override
    public int order() {
        return ORDER_ALUA;
    }

    @Override
    public LogicalUnitService create(LogicalUnitContext ctx) {
        context = ctx;
        return new LogicalUnitService() {
            @Override
            public String check(LuTask task) {
                return null;
            }

            @Override
            public boolean handles(LuTask task) {
                return task.opcode() == VENDOR;
            }

            @Override
            public void execute(LuTask task) {
                task.complete();
            }

            @Override
            public CompletableFuture<Void> nexusLost(Nexus nexus) {
                lost.add(nexus);
                return nexusLossDone;
            }

            @Override
            public void logicalUnitReset() {
                resets.incrementAndGet();
            }
        };
    }

    @Override
    public List<CommandDescriptor> supportedCommands() {
        return List.of(new CommandDescriptor(VENDOR, -1, new byte[] {(byte) VENDOR, 0, 0, 0, 0, 0}));
    }

    @Override
    public int targetPortGroupSupport() {
        return 1;
    }

    @Override
    public int targetPortGroup(int relativeTargetPortId) {
        return 7;
    }

    @Override
    public int logicalUnitGroup(String deviceName) {
        return 9;
    }
}
