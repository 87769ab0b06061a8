package io.quiver.transport.iscsi.impl.isns;

import io.quiver.transport.iscsi.impl.isns.IsnsPdu.Attribute;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the driver tells an iSNS server (RFC 4171, 5.6.5.1 and 5.6.5.4), built from one snapshot: a network
 * entity ({@code isns_entity_name}) with protocol iSCSI and a registration period; its portals, each with the
 * port the server reaches for ESI and SCN; every enabled target as a storage node of type target with its
 * alias; and a portal group per target and portal carrying the target's portal group tag. Registered with the
 * REPLACE flag, so a target disabled since the last registration disappears with it. Immutable.
 */
public record IsnsRegistration(String entity, int periodSeconds, List<Portal> portals, List<Node> targets,
        int notificationPort) {

    /** Copies the lists: a registration is compared with the next snapshot, so it must not follow the source. */
    public IsnsRegistration {
        portals = List.copyOf(portals);
        targets = List.copyOf(targets);
    }

    /** A portal: its address (IPv4 as the IPv4-mapped IPv6 form the protocol carries) and TCP port. */
    public record Portal(InetAddress address, int port) {

        byte[] ipv6() {
            byte[] a = address.getAddress();
            if (a.length == 16) {
                return a;
            }
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(a, 0, v6, 12, 4);
            return v6;
        }

        @Override
        public String toString() {
            return address.getHostAddress() + ":" + port;
        }
    }

    /** A target: name, alias (may be {@code null}), portal group tag. */
    public record Node(String name, String alias, int portalGroupTag) {
    }

    /** The name the messages are sent as: the first target's (iSNS sources are storage nodes). */
    public String source() {
        return targets.isEmpty() ? null : targets.get(0).name();
    }

    /** DevAttrReg of the whole entity (REPLACE): key, delimiter, the entity, its portals, nodes and groups. */
    public IsnsPdu register(int transaction) {
        List<Attribute> a = new ArrayList<>();
        a.add(Attribute.string(IsnsTags.ISCSI_NAME, source()));
        a.add(Attribute.string(IsnsTags.ENTITY_IDENTIFIER, entity));
        a.add(Attribute.empty(IsnsTags.DELIMITER));
        a.add(Attribute.string(IsnsTags.ENTITY_IDENTIFIER, entity));
        a.add(Attribute.u32(IsnsTags.ENTITY_PROTOCOL, IsnsTags.PROTOCOL_ISCSI));
        a.add(Attribute.u32(IsnsTags.REGISTRATION_PERIOD, periodSeconds));
        for (Portal p : portals) {
            a.add(new Attribute(IsnsTags.PORTAL_IP_ADDRESS, p.ipv6()));
            a.add(Attribute.u32(IsnsTags.PORTAL_PORT, p.port));
            if (notificationPort > 0) {
                // Inquiries twice per registration period: two missed ones still leave the entity registered.
                a.add(Attribute.u32(IsnsTags.ESI_INTERVAL, Math.max(1, periodSeconds / 2)));
                a.add(Attribute.u32(IsnsTags.ESI_PORT, notificationPort));
                a.add(Attribute.u32(IsnsTags.SCN_PORT, notificationPort));
            }
        }
        for (Node n : targets) {
            a.add(Attribute.string(IsnsTags.ISCSI_NAME, n.name));
            a.add(Attribute.u32(IsnsTags.ISCSI_NODE_TYPE, IsnsTags.NODE_TARGET));
            if (n.alias != null && !n.alias.isEmpty()) {
                a.add(Attribute.string(IsnsTags.ISCSI_ALIAS, n.alias));
            }
        }
        for (Node n : targets) {
            for (Portal p : portals) {
                a.add(Attribute.string(IsnsTags.PG_ISCSI_NAME, n.name));
                a.add(new Attribute(IsnsTags.PG_PORTAL_IP_ADDRESS, p.ipv6()));
                a.add(Attribute.u32(IsnsTags.PG_PORTAL_PORT, p.port));
                a.add(Attribute.u32(IsnsTags.PG_TAG, n.portalGroupTag));
            }
        }
        return IsnsPdu.request(IsnsTags.DEV_ATTR_REG, transaction, IsnsTags.FLAG_REPLACE, a);
    }

    /**
     * DevAttrQry of the entity's storage node names: refreshes the registration period without changing anything
     * (a replacing registration would start the server's ESI monitoring afresh and notify initiators), and tells
     * whether the server still knows every target (it may have restarted with an empty database).
     */
    public IsnsPdu query(int transaction) {
        return IsnsPdu.request(IsnsTags.DEV_ATTR_QRY, transaction, 0, List.of(
                Attribute.string(IsnsTags.ISCSI_NAME, source()),
                Attribute.string(IsnsTags.ENTITY_IDENTIFIER, entity),
                Attribute.empty(IsnsTags.DELIMITER),
                Attribute.empty(IsnsTags.ISCSI_NAME)));
    }

    /** Whether a query response lists every target of this registration. */
    public boolean knownBy(IsnsPdu response) {
        java.util.Set<String> names = new java.util.HashSet<>();
        response.attributes().stream().filter(a -> a.tag() == IsnsTags.ISCSI_NAME).forEach(a -> names.add(a.asString()));
        return response.status() == IsnsTags.SUCCESS && targets.stream().allMatch(n -> names.contains(n.name()));
    }

    /** SCNReg of one target for objects added, removed and updated in its discovery domains. */
    public IsnsPdu notifications(Node target, int transaction) {
        return IsnsPdu.request(IsnsTags.SCN_REG, transaction, 0, List.of(
                Attribute.string(IsnsTags.ISCSI_NAME, target.name),
                Attribute.string(IsnsTags.ISCSI_NAME, target.name),
                Attribute.empty(IsnsTags.DELIMITER),
                Attribute.u32(IsnsTags.ISCSI_SCN_BITMAP,
                        IsnsTags.SCN_OBJECT_ADDED | IsnsTags.SCN_OBJECT_REMOVED | IsnsTags.SCN_OBJECT_UPDATED)));
    }

    /** DevDereg of the entity, which removes its portals, nodes and groups with it. */
    public IsnsPdu deregister(int transaction) {
        return IsnsPdu.request(IsnsTags.DEV_DEREG, transaction, 0, List.of(
                Attribute.string(IsnsTags.ISCSI_NAME, source()),
                Attribute.empty(IsnsTags.DELIMITER),
                Attribute.string(IsnsTags.ENTITY_IDENTIFIER, entity)));
    }
}
