package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.iscsi.codec.MalformedPdu;
import io.quiver.iscsi.pdu.IscsiPdu;

/**
 * The session layer's side of one connection, as its {@link IscsiWire} feeds it: the login phase, then the
 * full feature phase. Every method MUST be called on the wire's {@link IscsiWire#executor()}; none blocks.
 */
public interface IscsiInbound {

    /** The connection is up: the login timer starts. Called once, first. */
    void active();

    /** One PDU arrived; ownership passes (the session layer releases it). */
    void received(IscsiPdu pdu);

    /** Input that is no valid PDU; the session layer rejects it or drops the connection, and releases it. */
    void malformed(MalformedPdu bad);

    /**
     * Data the wire fetched for {@link IscsiWire#solicitDataOut} (ownership passes): taken exactly as the
     * final Data-Out PDU of that transfer (its TTT, offset, DataSN 0, F bit) would be.
     */
    void dataOutPlaced(int itt, int ttt, int offset, ByteBuf data);

    /** The connection ended: pending transfers fail, the session ends. Called once, last. */
    void closed();
}
