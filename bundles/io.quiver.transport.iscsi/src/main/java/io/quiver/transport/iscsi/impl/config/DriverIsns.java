package io.quiver.transport.iscsi.impl.config;

import io.quiver.transport.iscsi.impl.isns.IsnsClient;
import io.quiver.transport.iscsi.impl.isns.IsnsRegistration;
import io.quiver.transport.iscsi.impl.isns.IsnsServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iSCSI driver's iSNS registration (attributes {@code iSNSServer} and {@code isns_entity_name}): started,
 * replaced or stopped when those attributes change, told when targets or portals change, stopped (with
 * deregistration) when the driver stops. Thread-safe; {@link #apply} and {@link #stop} may wait a few seconds
 * for the client's thread and run on DS threads, {@link #changed} never blocks.
 */
final class DriverIsns {

    /** How often the registration is refreshed; its registration period is four times this. */
    static final int REFRESH_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(DriverIsns.class);

    private final TargetRegistry registry;
    private IsnsClient client;
    private String settings = "";

    DriverIsns(TargetRegistry registry) {
        this.registry = registry;
    }

    synchronized void apply(DriverConfig config) {
        String now = config.iSNSServer().strip() + "|" + config.isns__entity__name().strip();
        if (now.equals(settings)) {
            return;
        }
        stop();
        settings = now;
        IsnsServer server;
        try {
            server = IsnsServer.parse(config.iSNSServer());
        } catch (IllegalArgumentException e) {
            LOG.error("iSCSI driver attribute iSNSServer: {}; no iSNS registration", e.getMessage());
            return;
        }
        if (server == null) {
            return;
        }
        if (server.accessControl()) {
            LOG.warn("iSNSServer {}: AccessControl is not enforced by Quiver; the targets' initiator groups decide "
                    + "who may log in", server);
        }
        client = new IsnsClient(server, config.isns__entity__name(), registry::portals, this::targets,
                REFRESH_SECONDS);
    }

    private List<IsnsRegistration.Node> targets() {
        return registry.targets().stream()
                .map(t -> new IsnsRegistration.Node(t.name(), t.alias(), t.portalGroupTag())).toList();
    }

    synchronized void changed() {
        if (client != null) {
            client.changed();
        }
    }

    /** The registration's state for the management views; empty without iSNS. */
    synchronized String state() {
        return client == null ? "" : client.state();
    }

    synchronized void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        settings = "";
    }
}
