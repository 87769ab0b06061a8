package io.quiver.rdma.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.quiver.rdma.EndpointHandler;
import io.quiver.rdma.NoRdmaDeviceException;
import io.quiver.rdma.QueueConfig;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verbs provider on a host whose kernel has no RDMA device (this build machine and CI): the libraries
 * load and link every function, {@code devices()} is empty, and listening or connecting fails with a
 * {@link NoRdmaDeviceException} that says how to get a device. Where a device exists the guest proves the
 * rest (itests/linux-guest/guest/rdma.sh).
 */
class VerbsProviderHostTest {

    private static final QueueConfig CONFIG = new QueueConfig(16, 16, 4096, 64, 4);

    private VerbsProvider provider;

    @BeforeEach
    void requireNoDevice() throws Exception {
        assumeTrue(new File("/usr/lib/x86_64-linux-gnu/libibverbs.so.1").exists()
                && new File("/usr/lib/x86_64-linux-gnu/librdmacm.so.1").exists(), "rdma-core not installed");
        String[] devices = new File("/sys/class/infiniband").list();
        assumeTrue(devices == null || devices.length == 0, "this host has RDMA devices");
        provider = new VerbsProvider();
    }

    @AfterEach
    void close() throws Exception {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void librariesLoadAndNoDeviceIsListed() throws Exception {
        Verbs.get();
        assertEquals("verbs", provider.name());
        assertTrue(provider.devices().isEmpty());
    }

    @Test
    void listenSaysHowToGetADevice() {
        NoRdmaDeviceException e = assertThrows(NoRdmaDeviceException.class, () -> provider.listen(
                new InetSocketAddress("127.0.0.1", 31750), CONFIG, request -> request.reject(Unpooled.EMPTY_BUFFER)));
        assertTrue(e.getMessage().startsWith("no RDMA device: load rdma_rxe and `rdma link add"), e.getMessage());
    }

    @Test
    void connectFailsTheSameWay() throws Exception {
        EndpointHandler handler = new EndpointHandler() {
            @Override
            public void onReceive(io.quiver.rdma.RdmaEndpoint endpoint, io.netty.buffer.ByteBuf message) {
                message.release();
            }

            @Override
            public void onCompletion(io.quiver.rdma.RdmaEndpoint endpoint, long id,
                    io.quiver.rdma.WorkRequestType type, io.quiver.rdma.CompletionStatus status) {
            }

            @Override
            public void onDisconnected(io.quiver.rdma.RdmaEndpoint endpoint) {
            }
        };
        ExecutionException e = assertThrows(ExecutionException.class, () -> provider.connect(
                new InetSocketAddress("127.0.0.1", 31751), Unpooled.wrappedBuffer(new byte[8]), CONFIG, handler)
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(NoRdmaDeviceException.class, e.getCause());
    }
}
