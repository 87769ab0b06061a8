package io.quiver.core.impl.pr;

import io.quiver.core.impl.lu.LogicalUnitContext;
import io.quiver.core.impl.lu.Nexus;
import io.quiver.scsi.AdditionalSense;
import io.quiver.spi.cluster.ReservationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A test logical unit context: records unit attentions and aborts. Shared by the core tests. */
public final class FakeContext implements LogicalUnitContext {

    /** One raised unit attention. */
    public record Ua(Nexus nexus, AdditionalSense sense) {
    }

    private final String deviceName;
    private final Path stateDirectory;
    private final List<Nexus> nexuses = new CopyOnWriteArrayList<>();
    private final List<Ua> unitAttentions = new CopyOnWriteArrayList<>();
    private final List<Nexus> aborted = new CopyOnWriteArrayList<>();
    private volatile boolean clusterMode;
    private volatile ReservationStore store;

    public FakeContext(String deviceName, Path stateDirectory, Nexus... nexuses) {
        this.deviceName = deviceName;
        this.stateDirectory = stateDirectory;
        this.nexuses.addAll(List.of(nexuses));
    }

    public void addNexus(Nexus n) {
        nexuses.add(n);
    }

    public List<Ua> unitAttentions() {
        return unitAttentions;
    }

    /** The senses raised for a nexus, in order. */
    public List<AdditionalSense> unitAttentionsOf(Nexus n) {
        List<AdditionalSense> out = new ArrayList<>();
        for (Ua ua : unitAttentions) {
            if (ua.nexus().id() == n.id()) {
                out.add(ua.sense());
            }
        }
        return out;
    }

    /** The nexuses whose tasks {@link #abortTasks} selected. */
    public List<Nexus> aborted() {
        return aborted;
    }

    @Override
    public String deviceName() {
        return deviceName;
    }

    @Override
    public Collection<Nexus> nexuses() {
        return List.copyOf(nexuses);
    }

    @Override
    public void raiseUnitAttention(Nexus nexus, AdditionalSense sense) {
        unitAttentions.add(new Ua(nexus, sense));
    }

    @Override
    public void raiseUnitAttentionExcept(Nexus spared, AdditionalSense sense) {
        for (Nexus n : nexuses) {
            if (spared == null || n.id() != spared.id()) {
                unitAttentions.add(new Ua(n, sense));
            }
        }
    }

    @Override
    public void abortTasks(Predicate<Nexus> whose) {
        for (Nexus n : nexuses) {
            if (whose.test(n)) {
                aborted.add(n);
            }
        }
    }

    /** How often another node cleared the task set here. */
    int clearedByPeer;

    /** As the core does: every task aborted. */
    @Override
    public void clearedByPeer() {
        clearedByPeer++;
        abortTasks(n -> true);
    }

    /** As the core does: every task aborted, {@code ua} owed to every nexus. */
    @Override
    public void resetByPeer(AdditionalSense ua) {
        abortTasks(n -> true);
        raiseUnitAttentionExcept(null, ua);
    }

    @Override
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** Makes this a cluster_mode unit on {@code store} ({@code null}: cluster_mode without a store). */
    public void clusterMode(ReservationStore store) {
        this.clusterMode = true;
        this.store = store;
    }

    @Override
    public boolean clusterMode() {
        return clusterMode;
    }

    @Override
    public ReservationStore clusterStore() {
        return store;
    }
}
