package io.quiver.transport.iscsi.impl.isns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the driver's targets registered with one iSNS server (SCST's {@code iSNSServer}): registers the whole
 * entity at start and again at once when a target or portal changes; every refresh interval it queries the
 * server for its targets, which keeps the registration period from lapsing, and registers again where the
 * server no longer knows them (it restarted with an empty database); registers each target for state change
 * notifications; deregisters the entity at {@link #close}. Requests go over one {@link IsnsConnection},
 * reopened after any failure. Every blocking call runs on the client's own
 * thread, never on an event loop or the caller's; thread-safe.
 */
public final class IsnsClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IsnsClient.class);

    private final IsnsServer server;
    private final String entity;
    private final Supplier<List<String>> portals;
    private final Supplier<List<IsnsRegistration.Node>> targets;
    private final int refreshSeconds;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quiver-isns");
        t.setDaemon(true);
        return t;
    });
    private final IsnsConnection connection;
    private IsnsNotificationListener listener;
    private IsnsRegistration registered;
    private volatile String state = "not registered yet";

    /**
     * @param entity the Entity Identifier ({@code isns_entity_name}); empty: this host's name
     * @param portals the driver's bound portals ({@code address:port}), read at each registration
     * @param targets the enabled targets, read at each registration
     */
    public IsnsClient(IsnsServer server, String entity, Supplier<List<String>> portals,
            Supplier<List<IsnsRegistration.Node>> targets, int refreshSeconds) {
        this.server = server;
        this.connection = new IsnsConnection(server);
        this.entity = entity;
        this.portals = portals;
        this.targets = targets;
        this.refreshSeconds = refreshSeconds;
        thread.scheduleWithFixedDelay(this::register, 0, refreshSeconds, TimeUnit.SECONDS);
    }

    /** Registers again soon: a target or portal changed. Never blocks. */
    public void changed() {
        thread.execute(this::register);
    }

    /** The outcome of the last attempt, for the management views and logs. */
    public String state() {
        return state;
    }

    /** ESIs the server sent and the driver answered. */
    public long inquiriesAnswered() {
        IsnsNotificationListener l = listener;
        return l == null ? 0 : l.inquiries();
    }

    private void register() {
        try {
            List<IsnsRegistration.Node> nodes = targets.get();
            if (nodes.isEmpty()) {
                deregister();
                state = "no enabled target to register";
                return;
            }
            connect();
            IsnsRegistration r = new IsnsRegistration(entityName(), refreshSeconds * 4, portalsOf(), nodes,
                    listener.port());
            if (r.equals(registered) && r.knownBy(connection.exchange(r.query(connection.nextTransaction())))) {
                return;
            }
            int status = connection.exchange(r.register(connection.nextTransaction())).status();
            if (status != IsnsTags.SUCCESS) {
                throw new IOException("DevAttrReg refused: " + IsnsTags.statusName(status));
            }
            for (IsnsRegistration.Node n : nodes) {
                int scn = connection.exchange(r.notifications(n, connection.nextTransaction())).status();
                if (scn != IsnsTags.SUCCESS) {
                    LOG.info("iSNS server {} refused SCN registration of {}: {}", server, n.name(),
                            IsnsTags.statusName(scn));
                }
            }
            if (registered == null || !r.portals().equals(registered.portals())
                    || !r.targets().equals(registered.targets())) {
                LOG.info("registered {} target(s) on {} portal(s) with iSNS server {} as entity {}", nodes.size(),
                        r.portals().size(), server, r.entity());
            }
            registered = r;
            state = "registered " + nodes.size() + " target(s) with " + server;
        } catch (IOException | RuntimeException e) {
            // The server may be down or restarting: the next refresh (or change) tries again.
            if (!state.startsWith("failed")) {
                LOG.warn("iSNS server {}: {}", server, e.toString());
            }
            state = "failed: " + e.getMessage();
            registered = null;
            connection.disconnect();
        }
    }

    private void deregister() throws IOException {
        if (registered != null) {
            connect();
            int status = connection.exchange(registered.deregister(connection.nextTransaction())).status();
            LOG.info("deregistered entity {} from iSNS server {}: {}", registered.entity(), server,
                    IsnsTags.statusName(status));
            registered = null;
        }
    }

    private String entityName() {
        if (!entity.isBlank()) {
            return entity.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "quiver";
        }
    }

    /** The bound portals; one bound to a wildcard is registered with the address the server is reached from. */
    private List<IsnsRegistration.Portal> portalsOf() throws IOException {
        List<IsnsRegistration.Portal> list = new ArrayList<>();
        for (String p : portals.get()) {
            int colon = p.lastIndexOf(':');
            String host = p.substring(0, colon).replace("[", "").replace("]", "");
            InetAddress a = InetAddress.getByName(host);
            list.add(new IsnsRegistration.Portal(a.isAnyLocalAddress() ? connection.localAddress() : a,
                    Integer.parseInt(p.substring(colon + 1))));
        }
        return list.stream().distinct().toList();
    }

    /** Opens the connection; the first time also the ESI/SCN listener, on the portals' address if one. */
    private void connect() throws IOException {
        connection.connect();
        if (listener == null) {
            boolean oneAddress = portals.get().stream().map(p -> p.substring(0, p.lastIndexOf(':'))).distinct()
                    .count() == 1;
            listener = new IsnsNotificationListener(oneAddress ? portalsOf().get(0).address()
                    : new InetSocketAddress(0).getAddress());
        }
    }

    /** Deregisters (waiting at most a few seconds for the server) and stops. */
    @Override
    public void close() {
        thread.execute(() -> {
            try {
                deregister();
            } catch (IOException | RuntimeException e) {
                LOG.info("could not deregister from iSNS server {}: {}", server, e.toString());
            }
            connection.disconnect();
            if (listener != null) {
                listener.close();
            }
        });
        thread.shutdown();
        try {
            thread.awaitTermination(IsnsConnection.TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }
}
