package io.quiver.transport.iscsi.impl.session;

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

    /** The connection ended: pending transfers fail, the session ends. Called once, last. */
    void closed();
}
