package io.quiver.rdma.verbs;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.rdma.QueueConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Regression: the RDMA READ depths of a connection request as librdmacm's CONNECT_REQUEST event reports them,
 * already from the passive side's point of view. Linux's ib_srp sends responder_resources 4 and
 * initiator_depth 0; its REQ arrives as event responder_resources 0, initiator_depth 4, and the target may
 * issue 4 RDMA READs. Read the other way round, the target accepted with initiator_depth 0 and every SRP
 * write beyond immediate data hung (SrpGuestIT on rxe0).
 */
class ConnectionRequestDepthsTest {

    @Test
    void depthsOfIbSrpsLoginAsTheEventReportsThem() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment event = arena.allocate(Layouts.CM_EVENT_SIZE);
            event.set(JAVA_BYTE, Layouts.CM_EVENT_PARAM + Layouts.CONN_RESPONDER_RESOURCES, (byte) 0);
            event.set(JAVA_BYTE, Layouts.CM_EVENT_PARAM + Layouts.CONN_INITIATOR_DEPTH, (byte) 4);
            VerbsConnectionRequest request = new VerbsConnectionRequest(null, event,
                    new QueueConfig(16, 16, 4096, 64, 16));
            assertEquals(0, request.initiatorDepth(), "RDMA READs ib_srp issues against the target");
            assertEquals(4, request.responderResources(), "RDMA READs ib_srp accepts from the target");
        }
    }
}
