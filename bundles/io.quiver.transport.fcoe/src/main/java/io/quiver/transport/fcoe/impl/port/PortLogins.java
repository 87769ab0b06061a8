package io.quiver.transport.fcoe.impl.port;

import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.transport.fcoe.impl.els.ExchangeStatus;
import io.quiver.transport.fcoe.impl.els.LoginTable;
import io.quiver.transport.fcoe.impl.fcp.FcpExchange;
import io.quiver.transport.fcoe.impl.frame.WorldWideName;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logins of one local port: the remote ports with a port login (PLOGI) by port ID, each with its I_T nexus
 * once PRLI opened a session in the core, and their open exchanges for REC. Thread-safe (receive and timer
 * threads).
 */
final class PortLogins implements LoginTable {

    private final LocalPort local;
    private final ScsiTarget target;
    private final Map<Integer, RemotePort> remotes = new ConcurrentHashMap<>();

    PortLogins(LocalPort local, ScsiTarget target) {
        this.local = local;
        this.target = target;
    }

    /** The remote port of that port ID, or null without a port login. */
    RemotePort remote(int portId) {
        return remotes.get(portId);
    }

    /** The port IDs with a port login, a snapshot. */
    java.util.List<Integer> portIds() {
        return java.util.List.copyOf(remotes.keySet());
    }

    /** Ends every login (target disabled, neighbour or virtual link gone). */
    void logoutAll() {
        remotes.keySet().forEach(this::portLogout);
    }

    @Override
    public boolean loggedIn(int portId) {
        return remotes.containsKey(portId);
    }

    @Override
    public void portLogin(int portId, long remotePortName, long nodeName, int receiveSize) {
        remotes.put(portId, new RemotePort(local, portId, remotePortName, nodeName, Math.min(receiveSize,
                local.receiveDataFieldSize())));
        local.log().info("fcst {}: PLOGI from {} port ID {}", local.name(), WorldWideName.format(remotePortName),
                String.format("%06x", portId));
    }

    @Override
    public boolean processLogin(int portId) {
        RemotePort r = remotes.get(portId);
        if (r == null) {
            return false;
        }
        if (r.session() == null) {
            String wwpn = WorldWideName.format(r.portName);
            try {
                r.session(target.openSession(new InitiatorPort(wwpn, wwpn, transportId(r.portName)), r));
            } catch (IllegalStateException e) {
                local.log().warn("fcst {}: PRLI from {} refused: {}", local.name(), wwpn, e.getMessage());
                return false;
            }
        }
        return true;
    }

    @Override
    public void processLogout(int portId) {
        RemotePort r = remotes.get(portId);
        if (r != null) {
            r.logout();
        }
    }

    @Override
    public ExchangeStatus exchange(int originator, int oxId) {
        RemotePort r = remotes.get(originator);
        FcpExchange e = r == null ? null : r.exchange(oxId);
        return e == null ? null : e.status();
    }

    @Override
    public void portLogout(int portId) {
        RemotePort r = remotes.remove(portId);
        if (r != null) {
            r.logout();
        }
    }

    /** The Fibre Channel TransportID (SPC-4 7.6.4.2): protocol identifier 0, N_Port_Name at byte 8. */
    static byte[] transportId(long portName) {
        byte[] tid = new byte[24];
        for (int i = 0; i < 8; i++) {
            tid[8 + i] = (byte) (portName >>> (56 - 8 * i));
        }
        return tid;
    }
}
