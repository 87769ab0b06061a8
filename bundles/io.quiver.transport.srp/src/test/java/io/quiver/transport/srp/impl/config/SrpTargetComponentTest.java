package io.quiver.transport.srp.impl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.emulated.EmulatedFabric;
import io.quiver.rdma.emulated.EmulatedProvider;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TargetDriver;
import io.quiver.testing.ComponentConfigs;
import io.quiver.transport.srp.iu.LoginRequest;
import io.quiver.transport.srp.iu.LoginResponse;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpPortId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DS component on the emulated fabric: registration, RDMA CM login with the configured port id, disable. */
class SrpTargetComponentTest {

    final EmulatedFabric fabric = new EmulatedFabric();
    final EmulatedProvider target;
    final EmulatedProvider initiator;
    final List<String> registered = new ArrayList<>();
    final List<String> unregistered = new ArrayList<>();

    SrpTargetComponentTest() throws Exception {
        target = fabric.addNode(InetAddress.getByName("192.0.2.1"), "rxe0");
        initiator = fabric.addNode(InetAddress.getByName("192.0.2.2"), "rxe1");
    }

    @AfterEach
    void close() {
        fabric.close();
    }

    private final ScsiTargetCore core = (TargetDriver driver, String name, int rel) -> {
        registered.add(driver.name() + ":" + name);
        return new ScsiTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int relativeTargetPortId() {
                return 1;
            }

            @Override
            public Session openSession(InitiatorPort port, SessionTransport transport) {
                return new Session() {
                    public InitiatorPort initiator() {
                        return port;
                    }

                    public ScsiTarget target() {
                        return null;
                    }

                    public void submit(io.quiver.spi.target.ScsiCommand command) {
                    }

                    public void submit(io.quiver.spi.target.TaskManagementRequest request) {
                    }

                    public int queueDepth() {
                        return 1;
                    }

                    public void close() {
                    }
                };
            }

            @Override
            public void unregister() {
                unregistered.add(name);
            }
        };
    };

    private SrpTargetConfig config(boolean enabled) {
        return ComponentConfigs.of(SrpTargetConfig.class, ComponentConfigs.properties("name", "srp0",
                "address", "192.0.2.1", "rdma_cm_port", 31801, "enabled", enabled));
    }

    private RdmaEndpoint connect(SrpPortId targetPort, List<Object> outcome) throws Exception {
        LoginRequest req = new LoginRequest(1, 8260, 6, Srp.IMMEDIATE_REQUESTED, 68, new SrpPortId(0, 9), targetPort);
        ByteBuf pd = Unpooled.buffer();
        req.encodeRdmaCm(pd);
        try {
            return initiator.connect(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 31801), pd,
                    new QueueConfig(16, 16, 256, 0, 4), new io.quiver.rdma.EndpointHandler() {
                        public void onReceive(RdmaEndpoint ep, ByteBuf message) {
                            message.release();
                        }

                        public void onCompletion(RdmaEndpoint ep, long id, io.quiver.rdma.WorkRequestType t,
                                io.quiver.rdma.CompletionStatus s) {
                        }

                        public void onDisconnected(RdmaEndpoint ep) {
                            outcome.add("disconnected");
                        }
                    }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            pd.release();
        }
    }

    @Test
    void enabledTargetAcceptsLoginsForItsPortIdAndDisablingLogsThemOut() throws Exception {
        SrpTargetComponent component = new SrpTargetComponent(core, new SrpTargetDriver(), target, config(true));
        assertEquals(List.of("ib_srpt:srp0"), registered);
        SrpPortId portId = component.port().limits().targetPortId();
        long guid = target.devices().get(0).nodeGuid();
        assertEquals(SrpPortId.target(guid, guid), portId);

        List<Object> outcome = new java.util.concurrent.CopyOnWriteArrayList<>();
        RdmaEndpoint ep = connect(portId, outcome);
        LoginResponse rsp = LoginResponse.decode(Unpooled.wrappedBuffer(
                ep.acceptPrivateData()));
        assertEquals(128, rsp.requestLimitDelta());
        assertTrue(rsp.immediateDataSupported());
        assertEquals(1, component.port().sessions());

        component.modified(config(false));
        assertNull(component.port());
        assertEquals(List.of("srp0"), unregistered);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outcome.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("disconnected"), outcome);
        assertThrows(ExecutionException.class, () -> connect(portId, new ArrayList<>()));
        ep.close();

        component.modified(config(true));
        assertNotNull(component.port());
        component.deactivate();
        assertEquals(List.of("srp0", "srp0"), unregistered);
    }
}
