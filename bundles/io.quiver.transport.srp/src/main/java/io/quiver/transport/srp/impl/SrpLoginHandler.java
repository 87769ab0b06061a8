package io.quiver.transport.srp.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quiver.rdma.ConnectionRequest;
import io.quiver.rdma.ConnectionRequestHandler;
import io.quiver.rdma.QueueConfig;
import io.quiver.rdma.RdmaEndpoint;
import io.quiver.rdma.RdmaException;
import io.quiver.transport.srp.iu.LoginReject;
import io.quiver.transport.srp.iu.LoginRequest;
import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRP login over RDMA CM (what SCST's ib_srpt does in {@code srpt_rdma_cm_req_recv}): the connect request's
 * private data is the 56-byte {@code srp_login_req_rdma}; an accepted login answers with SRP_LOGIN_RSP as the
 * accept's private data, a refused one with SRP_LOGIN_REJ as the reject's. Called on the provider's
 * connection-management thread; does not block.
 */
public final class SrpLoginHandler implements ConnectionRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SrpLoginHandler.class);

    private final SrpTargetPort port;

    public SrpLoginHandler(SrpTargetPort port) {
        this.port = port;
    }

    /**
     * The queues every channel of {@code limits} needs: one receive buffer per credit plus one for the
     * initiator's answer to SRP_CRED_REQ/SRP_AER_REQ, each as large as the largest IU allowed.
     *
     * @param sendQueueDepth send work requests at once (the wire queues the rest)
     * @param rdmaReadDepth RDMA READs at once, at most the device's {@code max_qp_rd_atom}
     */
    public static QueueConfig queues(ChannelLimits limits, int sendQueueDepth, int rdmaReadDepth) {
        return new QueueConfig(sendQueueDepth, limits.requestLimit() + 1, limits.maxItIuLength(), 0, rdmaReadDepth);
    }

    @Override
    public void onConnectionRequest(ConnectionRequest request) {
        LoginRequest login;
        SrpTargetPort.Accepted accepted;
        EndpointWire wire = new EndpointWire();
        try {
            login = LoginRequest.decodeRdmaCm(request.privateData());
            accepted = port.login(login, wire);
        } catch (SrpProtocolException e) {
            LOG.info("SRP login from {} rejected: {}", request.remoteAddress(), e.getMessage());
            ByteBuf rej = Unpooled.buffer(Srp.LOGIN_REJ_LENGTH);
            new LoginReject(e.rejectReason(), e.tag(), ChannelLimits.SUPPORTED_BUFFER_FORMATS).encode(rej);
            request.reject(rej);
            rej.release();
            return;
        }
        wire.attach(accepted.channel());
        ByteBuf rsp = Unpooled.buffer(Srp.LOGIN_RSP_LENGTH);
        accepted.response().encode(rsp);
        try {
            RdmaEndpoint endpoint = request.accept(rsp, wire);
            wire.bind(endpoint);
            LOG.info("SRP login of 0x{} from {} accepted", login.initiatorPortId(), request.remoteAddress());
        } catch (RdmaException e) {
            LOG.warn("SRP login from {}: accept failed: {}", request.remoteAddress(), e.getMessage());
            accepted.channel().disconnected();
        } finally {
            rsp.release();
        }
    }
}
