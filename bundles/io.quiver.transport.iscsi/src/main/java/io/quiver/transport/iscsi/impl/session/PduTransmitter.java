package io.quiver.transport.iscsi.impl.session;

import io.quiver.iscsi.pdu.DataPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.Opcode;

/**
 * The target-to-initiator side of one connection: numbers what it sends with the connection's StatSN
 * (RFC 7143, 4.2.2.2), stamps ExpCmdSN and MaxCmdSN from the session's command window (from the first Login
 * Request's CmdSN before the session exists), and hands the PDU to the wire. Allocation-free per PDU. Used on
 * the connection's executor only.
 */
final class PduTransmitter {

    private final IscsiWire wire;
    private final LoginPhase login;
    private CommandWindow window;
    private int statSn;

    PduTransmitter(IscsiWire wire, LoginPhase login) {
        this.wire = wire;
        this.login = login;
    }

    /** The session opened: from now on its command window is advertised. */
    void windowOpened(CommandWindow w) {
        window = w;
    }

    /**
     * Sends a PDU (written, not flushed): fills in StatSN (advancing it for PDUs that carry status),
     * ExpCmdSN and MaxCmdSN.
     */
    void send(IscsiPdu pdu) {
        Opcode op = pdu.opcode();
        boolean advances = op != Opcode.READY_TO_TRANSFER && op != Opcode.SCSI_DATA_IN
                && !(op == Opcode.NOP_IN && pdu.initiatorTaskTag() == IscsiPdu.RESERVED_TAG)
                || DataPdu.carriesStatus(pdu);
        if (op != Opcode.SCSI_DATA_IN || advances) {
            pdu.setInt(24, advances ? statSn++ : statSn);
        }
        CommandWindow w = window;
        int exp = w == null ? login.initialCmdSn() : w.expCmdSn();
        pdu.setInt(28, exp).setInt(32, w == null ? exp : w.maxCmdSn());
        wire.write(pdu);
    }
}
