package io.quiver.transport.iscsi.impl.session;

import io.quiver.spi.target.DesignationDescriptor;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.iscsi.login.OperationalParameters;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One iSCSI session (one connection: MaxConnections is 1) and, for a normal session, its I_T nexus in the
 * core: ISID, TSIH, the negotiated parameters, the command window and the tasks in flight by ITT. The core's
 * calls ({@link #close(String)}, {@link #attributes()}) come from any thread and hop onto the connection's
 * event loop; everything else runs there.
 */
public final class IscsiSession implements SessionTransport {

    private static final int RECENTLY_FINISHED = 128;

    private final IscsiConnection connection;
    private final TargetDirectory directory;
    private final IscsiTarget target;
    private final String initiatorName;
    private final long isid;
    private final int tsih;
    private final OperationalParameters params;
    // Keyed by the primitive ITT: no Integer and no map node per command.
    private final IntObjectMap<ScsiTask> tasks = new IntObjectHashMap<>();
    /** The ITTs of the last finished tasks, a ring: remembering one allocates nothing. */
    private final int[] recentlyFinished = new int[RECENTLY_FINISHED];
    private int recentlyFinishedCount;
    private CommandWindow window;
    private String portal;
    private volatile Session nexus;
    private int nextTargetTransferTag = 1;

    IscsiSession(IscsiConnection connection, TargetDirectory directory, IscsiTarget target, String initiatorName,
            long isid, int tsih, OperationalParameters params) {
        this.connection = connection;
        this.directory = directory;
        this.target = target;
        this.initiatorName = initiatorName;
        this.isid = isid;
        this.tsih = tsih;
        this.params = params;
    }

    /** The initiator port: name, {@code name,i,0xISID} and the SPC-4 TransportID format 01b (7.6.4.6). */
    static InitiatorPort initiatorPort(String initiatorName, long isid) {
        return initiatorPort(initiatorName, initiatorName, isid);
    }

    /** As above, with the name initiator groups match against given separately (per_portal_acl). */
    static InitiatorPort initiatorPort(String aclName, String initiatorName, long isid) {
        String portName = initiatorName + ",i,0x" + String.format("%012x", isid);
        byte[] name = portName.getBytes(StandardCharsets.UTF_8);
        int additional = (name.length + 1 + 3) & ~3;
        byte[] id = new byte[4 + Math.max(20, additional)];
        id[0] = 0x40 | 0x05;
        id[2] = (byte) ((id.length - 4) >> 8);
        id[3] = (byte) (id.length - 4);
        System.arraycopy(name, 0, id, 4, name.length);
        return new InitiatorPort(aclName, portName, id);
    }

    void open(int initialCmdSn) {
        int depth = 1;
        portal = Portals.format(connection.localAddress());
        if (target != null) {
            String aclName = target.aclName(initiatorName, portal);
            nexus = target.scsiTarget().openSession(initiatorPort(aclName, initiatorName, isid), this);
            depth = Math.min(nexus.queueDepth(), target.queuedCommands());
            target.sessions().add(this);
            directory.sessions().register(this);
        } else {
            depth = 8;
        }
        window = new CommandWindow(initialCmdSn, depth);
    }

    /** The SCSI name strings of the target port (with the target's portal group tag) and target device. */
    @Override
    public List<DesignationDescriptor> designators() {
        return target == null ? List.of() : PortDesignators.of(target.name(), target.portalGroupTag());
    }

    public boolean isDiscovery() {
        return target == null;
    }

    /** The portal ({@code address:port}) the session logged in on: what login balancing counts. */
    public String portal() {
        return portal;
    }

    public IscsiTarget target() {
        return target;
    }

    public String targetName() {
        return target == null ? "" : target.name();
    }

    public String initiatorName() {
        return initiatorName;
    }

    public long isid() {
        return isid;
    }

    public int tsih() {
        return tsih;
    }

    public OperationalParameters parameters() {
        return params;
    }

    public CommandWindow window() {
        return window;
    }

    /** The core's nexus; {@code null} for discovery sessions. */
    public Session nexus() {
        return nexus;
    }

    IntObjectMap<ScsiTask> tasks() {
        return tasks;
    }

    /** Remembers the ITT of a finished task so that its late Data-Out is dropped quietly, not rejected. */
    void taskFinished(int itt) {
        recentlyFinished[recentlyFinishedCount++ % RECENTLY_FINISHED] = itt;
    }

    /** Whether the ITT belongs to a task that finished lately (aborted writes leave Data-Out in flight). */
    boolean finishedLately(int itt) {
        int n = Math.min(recentlyFinishedCount, RECENTLY_FINISHED);
        for (int i = 0; i < n; i++) {
            if (recentlyFinished[i] == itt) {
                return true;
            }
        }
        return false;
    }

    IscsiConnection connection() {
        return connection;
    }

    /** A Target Transfer Tag for an R2T or a ping, never the reserved value. */
    int nextTargetTransferTag() {
        int t = nextTargetTransferTag++;
        if (nextTargetTransferTag == -1) {
            nextTargetTransferTag = 1;
        }
        return t;
    }

    /** Another login reinstated this session's nexus: drop at once (RFC 7143, 6.3.5). */
    void reinstated() {
        Session s = nexus;
        if (s != null) {
            s.close();
        }
        connection.closeFromAnyThread("session reinstated");
    }

    /**
     * Ends the I_T nexus now (a Logout closing the session); the connection's loss ends it again, a no-op.
     *
     * @return completes once the nexus loss is visible to every nexus ({@link Session#end})
     */
    CompletionStage<Void> endNexus() {
        Session s = nexus;
        return s != null ? s.end() : CompletableFuture.completedFuture(null);
    }

    /** The connection went away: fail pending transfers, end the nexus, forget the session. */
    void connectionLost() {
        // A failed data-out may make the core complete the task at once, which removes it from the map.
        for (ScsiTask t : new java.util.ArrayList<>(tasks.values())) {
            t.connectionLost();
        }
        if (target != null) {
            target.sessions().remove(this);
            directory.sessions().unregister(this);
        }
        Session s = nexus;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close(String reason) {
        connection.requestLogoutFromAnyThread(reason);
    }

    @Override
    public Map<String, String> attributes() {
        Map<String, String> m = new LinkedHashMap<>(params.toMap());
        m.put("InitiatorName", initiatorName);
        m.put("ISID", String.format("0x%012x", isid));
        m.put("TSIH", Integer.toString(tsih));
        m.put("peer", String.valueOf(connection.remoteAddress()));
        m.put("portal", portal);
        return m;
    }
}
