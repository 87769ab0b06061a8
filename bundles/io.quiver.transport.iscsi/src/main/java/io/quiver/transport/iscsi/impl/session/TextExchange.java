package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.transport.iscsi.impl.login.KeyNegotiator;
import io.quiver.transport.iscsi.impl.login.TextParameters;
import io.quiver.transport.iscsi.impl.pdu.IscsiPdu;
import io.quiver.transport.iscsi.impl.pdu.RejectPdu;
import io.quiver.transport.iscsi.impl.pdu.TextPdu;
import java.util.ArrayList;
import java.util.List;

/**
 * Text requests in the full feature phase (RFC 7143, 11.10): SendTargets (appendix C) listing every portal of
 * each target's portal group, answered in pieces of at most the initiator's MaxRecvDataSegmentLength with
 * the C bit and a Target Transfer Tag; any other key is answered NotUnderstood. Runs on the connection's
 * event loop; not thread-safe.
 */
final class TextExchange {

    private final IscsiConnection connection;
    private final IscsiSession session;
    private final TargetDirectory directory;
    private ByteBuf pending;
    private int pendingTag = IscsiPdu.RESERVED_TAG;

    TextExchange(IscsiConnection connection, IscsiSession session, TargetDirectory directory) {
        this.connection = connection;
        this.session = session;
        this.directory = directory;
    }

    void request(IscsiPdu pdu) {
        int ttt = TextPdu.targetTransferTag(pdu);
        if (ttt != IscsiPdu.RESERVED_TAG) {
            if (ttt != pendingTag || pending == null) {
                connection.send(RejectPdu.of(connection.alloc(), RejectPdu.INVALID_PDU_FIELD, pdu.bhs()));
                return;
            }
            sendPiece(pdu);
            return;
        }
        discardPending();
        List<TextParameters.Pair> pairs;
        try {
            pairs = TextParameters.decode(pdu.data());
        } catch (IllegalArgumentException e) {
            connection.send(RejectPdu.of(connection.alloc(), RejectPdu.PROTOCOL_ERROR, pdu.bhs()));
            return;
        }
        pending = connection.alloc().directBuffer();
        for (TextParameters.Pair p : pairs) {
            if ("SendTargets".equals(p.key())) {
                sendTargets(p.value(), pending);
            } else {
                TextParameters.append(pending, p.key(), KeyNegotiator.NOT_UNDERSTOOD);
            }
        }
        pendingTag = session.nextTargetTransferTag();
        sendPiece(pdu);
    }

    private void sendTargets(String which, ByteBuf out) {
        List<IscsiTarget> targets = new ArrayList<>();
        if ("All".equals(which)) {
            targets.addAll(directory.targets());
        } else if (which.isEmpty()) {
            if (session.target() != null) {
                targets.add(session.target());
            }
        } else {
            IscsiTarget t = directory.find(which);
            if (t != null) {
                targets.add(t);
            }
        }
        for (IscsiTarget t : targets) {
            List<String> portals = directory.portals().stream().filter(t::servesPortal).toList();
            if (portals.isEmpty()) {
                continue;
            }
            TextParameters.append(out, "TargetName", t.name());
            for (String portal : portals) {
                TextParameters.append(out, "TargetAddress", portal + "," + t.portalGroupTag());
            }
        }
    }

    private void sendPiece(IscsiPdu request) {
        int max = session.parameters().initiatorMaxRecvDataSegmentLength();
        int length = Math.min(max, pending.readableBytes());
        boolean more = pending.readableBytes() > length;
        ByteBuf piece = pending.readRetainedSlice(length);
        connection.send(TextPdu.response(connection.alloc(), request.lun(), request.initiatorTaskTag(), more,
                pendingTag, piece));
        if (!more) {
            discardPending();
        }
    }

    private void discardPending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        pendingTag = IscsiPdu.RESERVED_TAG;
    }

    void connectionLost() {
        discardPending();
    }
}
