package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.iscsi.login.KeyNegotiator;
import io.quiver.iscsi.login.TextAssembler;
import io.quiver.iscsi.login.TextParameters;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.RejectPdu;
import io.quiver.iscsi.pdu.TextPdu;
import java.util.ArrayList;
import java.util.List;

/**
 * Text requests in the full feature phase (RFC 7143, 11.10): SendTargets (appendix C) listing every portal of
 * each target's portal group, for the targets that admit the initiator (as iscsi-scst: one it would see no
 * LUN of is left out); any other key is answered NotUnderstood. Both directions may span several PDUs with
 * the same ITT and TTT: a request sent with C is collected (each piece answered by an empty, non-final
 * response) and parsed whole; an answer longer than the initiator's MaxRecvDataSegmentLength goes out in
 * pieces with C, one per empty continuation request. Runs on the connection's event loop; not thread-safe.
 */
final class TextExchange {

    private final IscsiConnection connection;
    private final IscsiSession session;
    private final TargetDirectory directory;
    private final TextAssembler incoming = new TextAssembler();
    private ByteBuf pending;
    private int pendingTag = IscsiPdu.RESERVED_TAG;
    private int pendingItt = IscsiPdu.RESERVED_TAG;

    TextExchange(IscsiConnection connection, IscsiSession session, TargetDirectory directory) {
        this.connection = connection;
        this.session = session;
        this.directory = directory;
    }

    void request(IscsiPdu pdu) {
        int ttt = TextPdu.targetTransferTag(pdu);
        if (ttt != IscsiPdu.RESERVED_TAG) {
            // A continuation: of the initiator's text (it set C) or of our answer (we set C).
            if (ttt != pendingTag || pdu.initiatorTaskTag() != pendingItt) {
                connection.send(RejectPdu.of(connection.alloc(), RejectPdu.INVALID_PDU_FIELD, pdu.bhs()));
            } else if (incoming.collecting()) {
                collect(pdu);
            } else if (pending != null) {
                sendPiece(pdu);
            } else {
                connection.send(RejectPdu.of(connection.alloc(), RejectPdu.INVALID_PDU_FIELD, pdu.bhs()));
            }
            return;
        }
        // The reserved TTT starts a new negotiation and resets what an earlier one left (RFC 7143, 11.11.4).
        discardPending();
        collect(pdu);
    }

    private void collect(IscsiPdu pdu) {
        ByteBuf whole;
        try {
            whole = incoming.add(pdu.data(), TextPdu.isContinue(pdu));
        } catch (IllegalArgumentException e) {
            discardPending();
            connection.send(RejectPdu.of(connection.alloc(), RejectPdu.PROTOCOL_ERROR, pdu.bhs()));
            return;
        }
        if (whole == null) {
            // RFC 7143, 11.11.2 and 11.11.4: an empty, non-final answer whose TTT the initiator continues with.
            if (pendingTag == IscsiPdu.RESERVED_TAG) {
                pendingTag = session.nextTargetTransferTag();
                pendingItt = pdu.initiatorTaskTag();
            }
            connection.send(TextPdu.awaitingMore(connection.alloc(), pdu.lun(), pdu.initiatorTaskTag(), pendingTag));
            return;
        }
        try {
            answer(pdu, whole);
        } finally {
            whole.release();
        }
    }

    private void answer(IscsiPdu pdu, ByteBuf text) {
        List<TextParameters.Pair> pairs;
        try {
            pairs = TextParameters.decode(text);
        } catch (IllegalArgumentException e) {
            discardPending();
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
        if (pendingTag == IscsiPdu.RESERVED_TAG) {
            pendingTag = session.nextTargetTransferTag();
            pendingItt = pdu.initiatorTaskTag();
        }
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
        String initiator = session.initiatorName();
        String here = Portals.format(connection.localAddress());
        for (IscsiTarget t : targets) {
            if (!t.admits(initiator, here)) {
                continue;
            }
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
        incoming.discard();
        pendingTag = IscsiPdu.RESERVED_TAG;
        pendingItt = IscsiPdu.RESERVED_TAG;
    }

    void connectionLost() {
        discardPending();
    }
}
