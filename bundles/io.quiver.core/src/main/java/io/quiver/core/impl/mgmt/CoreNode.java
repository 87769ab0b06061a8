package io.quiver.core.impl.mgmt;

import io.quiver.api.mgmt.AttributeDTO;
import io.quiver.api.mgmt.ManagementException;
import io.quiver.api.mgmt.NodeDTO;
import io.quiver.core.impl.CoreComponent;
import io.quiver.core.impl.identity.IdentitySeed;
import io.quiver.core.impl.target.TargetCore;
import io.quiver.spi.cluster.ReservationStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The root of the tree: its collections, and the core's own attributes that an {@code scst.conf} sets at
 * its top level. {@value #SETUP_ID} (SCST's {@code setup_id}) is a property of the core's singleton
 * configuration ({@value CoreComponent#PID}), written through the tree like any attribute, {@code [key]}
 * when set; {@value #INSTALLATION_ID} is read-only. Stateless.
 */
final class CoreNode {

    static final String SETUP_ID = "setup_id";
    static final String INSTALLATION_ID = "installation_id";

    private static final AttributeCatalog.Definition SETUP_ID_FALLBACK = new AttributeCatalog.Definition(SETUP_ID,
            SETUP_ID, "SCST's setup_id: a 32-bit number device identities derive from; empty = the installation id.",
            AttributeDTO.STRING, false, "");

    private CoreNode() {
    }

    static NodeDTO root(Path p, TreeResolver tree, TargetCore c) {
        NodeDTO n = Nodes.collection(p, List.of("alua", "handlers", "sessions", "targets"), false);
        n.pid = CoreComponent.PID;
        n.attributes.add(Nodes.configured(definition(tree), tree.store.properties(CoreComponent.PID).get(SETUP_ID)));
        n.attributes.add(Nodes.runtime(INSTALLATION_ID, c == null ? null : c.identitySeed().installationId(),
                "This installation's random id, generated at the first start and kept in the data directory ("
                        + IdentitySeed.FILE + "); device identities derive from it unless setup_id is set."));
        ReservationStore cluster = c == null ? null : c.clusterStore();
        if (cluster != null) {
            n.attributes.add(Nodes.runtime("cluster_id", cluster.clusterId(), "The cluster this node belongs to "
                    + "(feature quiver-cluster); cluster_mode devices derive their identity from it."));
            n.attributes.add(Nodes.runtime("cluster_node", cluster.nodeId(), "This node's id in the cluster."));
            n.attributes.add(Nodes.runtime("cluster_connection", cluster.fenced() ? "fenced" : "connected",
                    "ZooKeeper connection: connected, or fenced (cluster_mode devices refuse media access)."));
            n.attributes.add(Nodes.runtime("cluster_nodes", String.join(",", cluster.liveNodes()),
                    "The nodes whose ZooKeeper sessions are alive."));
        }
        return n;
    }

    /** Sets or (with {@code null}) clears an attribute of the root: only {@value #SETUP_ID} is writable. */
    static void set(TreeResolver tree, String attribute, String value) {
        if (!attribute.equals(SETUP_ID)) {
            throw new ManagementException("no writable attribute " + attribute + " in /");
        }
        try {
            IdentitySeed.parseSetupId(value);
        } catch (IllegalArgumentException e) {
            throw new ManagementException(e.getMessage());
        }
        Map<String, Object> props = new HashMap<>(tree.store.properties(CoreComponent.PID));
        if (value == null || value.isBlank()) {
            props.remove(SETUP_ID);
        } else {
            props.put(SETUP_ID, value.trim());
        }
        tree.store.update(CoreComponent.PID, props);
    }

    private static AttributeCatalog.Definition definition(TreeResolver tree) {
        return tree.catalog.attributes(CoreComponent.PID).stream().filter(d -> d.id().equals(SETUP_ID)).findFirst()
                .orElse(SETUP_ID_FALLBACK);
    }
}
