package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quiver.rdma.emulated.EmulatedFabric;
import io.quiver.rdma.emulated.EmulatedProvider;
import io.quiver.transport.iscsi.impl.config.DriverConfig;
import io.quiver.transport.iscsi.impl.config.IscsiTargetDriver;
import io.quiver.transport.iscsi.impl.config.IserPortals;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's iSER portals as DS runs them ({@link IserPortals}): the {@code iser_portals} attribute opens RDMA
 * CM listeners that serve the driver's targets, a configuration change moves them, deactivation ends them; a
 * portal on an address no RDMA device has keeps the others up.
 */
class IserPortalsTest {

    static final String IQN = "iqn.2026-12.io.quiver:iser-portals";
    private static final int TCP_PORT = 31930;

    final EmulatedFabric fabric = new EmulatedFabric();
    final EmulatedProvider targetNode = fabric.addNode(ip("192.0.2.1"), "rxe0");
    final EmulatedProvider initiatorNode = fabric.addNode(ip("192.0.2.2"), "rxe1");
    final RamdiskCore core = new RamdiskCore(2048);
    final IscsiTargetDriver driver = new IscsiTargetDriver();

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static DriverConfig config(String... iserPortals) {
        return (DriverConfig) Proxy.newProxyInstance(DriverConfig.class.getClassLoader(),
                new Class<?>[] {DriverConfig.class}, (proxy, m, args) -> m.getName().equals("iser__portals")
                        ? iserPortals : m.getDefaultValue());
    }

    @BeforeEach
    void start() throws Exception {
        driver.start(List.of("127.0.0.1:" + TCP_PORT), new ConnectionSettings(15, 0, 5, 2), List.of(), null, 1, false);
        driver.putTarget(new IscsiTarget(IQN, "iser disk", 1, List.of(), null, Map.of(), 32, List.of(), false,
                core.registerTarget(driver, IQN, 0), null));
    }

    @AfterEach
    void stop() {
        driver.stop();
        fabric.close();
        core.release();
    }

    @Test
    void configuredPortalServesTheDriversTargetsAndMovesOnChange() throws Exception {
        InetSocketAddress first = new InetSocketAddress(ip("192.0.2.1"), 3260);
        InetSocketAddress moved = new InetSocketAddress(ip("192.0.2.1"), 3261);
        // 198.51.100.7 belongs to no RDMA device of the fabric: logged and skipped, the other portal listens.
        try (IserPortals portals = new IserPortals(driver, targetNode, config("198.51.100.7:3260", "192.0.2.1:3260"))) {
            assertEquals(List.of(first), portals.localAddresses());
            writeAndReadBack(first);
            portals.modified(config("192.0.2.1:3261"));
            assertEquals(List.of(moved), portals.localAddresses());
            assertThrows(Exception.class, () -> IserTestInitiator.connect(initiatorNode, first).close());
            writeAndReadBack(moved);
        }
        assertThrows(Exception.class, () -> IserTestInitiator.connect(initiatorNode, moved).close());
    }

    /** Another driver attribute changing (iSNSServer, say) must not drop the iSER sessions. */
    @Test
    void unrelatedChangeKeepsTheConnections() throws Exception {
        InetSocketAddress address = new InetSocketAddress(ip("192.0.2.1"), 3260);
        try (IserPortals portals = new IserPortals(driver, targetNode, config("192.0.2.1:3260"));
                IserTestInitiator ini = IserTestInitiator.connect(initiatorNode, address)) {
            io.quiver.iscsi.pdu.IscsiPdu login = ini.login(IQN);
            login.release();
            portals.modified(config("192.0.2.1:3260"));
            byte[] data = new byte[4096];
            new Random(3).nextBytes(data);
            assertEquals(0, ini.write(IserOverEmulatedFabricTest.rw(0x8A, 0, 8), data));
            assertArrayEquals(data, ini.read(IserOverEmulatedFabricTest.rw(0x88, 0, 8), data.length));
            assertEquals(1, ini.disconnected.getCount(), "still connected");
        }
    }

    @Test
    void noIserPortalsConfiguredListensNowhere() {
        try (IserPortals portals = new IserPortals(driver, targetNode, config())) {
            assertEquals(List.of(), portals.localAddresses());
        }
    }

    private void writeAndReadBack(InetSocketAddress portal) throws Exception {
        try (IserTestInitiator ini = IserTestInitiator.connect(initiatorNode, portal)) {
            io.quiver.iscsi.pdu.IscsiPdu login = ini.login(IQN);
            try {
                assertEquals(0, login.shortAt(36), "login status");
            } finally {
                login.release();
            }
            byte[] data = new byte[16384];
            new Random(portal.getPort()).nextBytes(data);
            assertEquals(0, ini.write(IserOverEmulatedFabricTest.rw(0x8A, 8, 32), data));
            assertArrayEquals(data, ini.read(IserOverEmulatedFabricTest.rw(0x88, 8, 32), data.length));
        }
    }
}
