package io.quiver.transport.iscsi.impl.session;

import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.LogoutPdu;
import io.quiver.iscsi.pdu.NopPdu;
import io.quiver.iscsi.pdu.Opcode;
import io.quiver.iscsi.pdu.RejectPdu;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full feature phase of one connection: orders non-immediate requests by CmdSN (silently dropping those
 * outside the window and holding early ones until the gap closes, RFC 7143 4.2.2.1), then dispatches by
 * opcode. Data-Out is not CmdSN-ordered and goes straight to its task. Runs on the connection's event loop;
 * not thread-safe.
 */
final class FullFeaturePhase {

    private static final Logger LOG = LoggerFactory.getLogger(FullFeaturePhase.class);

    private final IscsiConnection connection;
    private final IscsiSession session;
    private final CommandDispatcher commands;
    private final TextExchange text;
    private final Map<Integer, IscsiPdu> early = new HashMap<>();

    FullFeaturePhase(IscsiConnection connection, IscsiSession session, TargetDirectory directory) {
        this.connection = connection;
        this.session = session;
        this.commands = new CommandDispatcher(connection, session);
        this.text = new TextExchange(connection, session, directory);
    }

    void handle(IscsiPdu pdu) {
        Opcode op = pdu.opcode();
        switch (op) {
            case SCSI_DATA_OUT:
                commands.dataOut(pdu);
                return;
            case NOP_OUT:
            case SCSI_COMMAND:
            case TASK_MANAGEMENT_REQUEST:
            case TEXT_REQUEST:
            case LOGOUT_REQUEST:
                ordered(pdu);
                return;
            default:
                // SNACK needs ErrorRecoveryLevel > 0; Login in this phase and target opcodes are protocol errors.
                reject(pdu, op == Opcode.SNACK_REQUEST ? RejectPdu.SNACK_REJECT : RejectPdu.PROTOCOL_ERROR);
        }
    }

    private void ordered(IscsiPdu pdu) {
        if (pdu.opcode() == Opcode.NOP_OUT && pdu.initiatorTaskTag() == IscsiPdu.RESERVED_TAG) {
            // A ping answer or a bare CmdSN update: no CmdSN is consumed and nothing is answered.
            if (NopPdu.targetTransferTag(pdu) != IscsiPdu.RESERVED_TAG) {
                connection.pingAnswered(NopPdu.targetTransferTag(pdu));
            }
            return;
        }
        int cmdSn = pdu.intAt(24);
        CommandWindow window = session.window();
        if (pdu.isImmediate()) {
            execute(pdu);
            return;
        }
        if (cmdSn != window.expCmdSn()) {
            if (window.accepts(cmdSn) && !early.containsKey(cmdSn)) {
                early.put(cmdSn, pdu.retain());
            } else {
                LOG.debug("dropping {} with CmdSN {} outside [{}, {}]", pdu, cmdSn, window.expCmdSn(), window.maxCmdSn());
            }
            return;
        }
        window.advance();
        execute(pdu);
        IscsiPdu next;
        while (!early.isEmpty() && (next = early.remove(window.expCmdSn())) != null) {
            window.advance();
            try {
                execute(next);
            } finally {
                next.release();
            }
        }
    }

    private void execute(IscsiPdu pdu) {
        switch (pdu.opcode()) {
            case NOP_OUT:
                connection.send(NopPdu.echo(connection.alloc(), pdu.lun(), pdu.initiatorTaskTag(), pdu.data().retain()));
                return;
            case SCSI_COMMAND:
                if (session.isDiscovery()) {
                    reject(pdu, RejectPdu.PROTOCOL_ERROR);
                } else {
                    commands.scsiCommand(pdu);
                }
                return;
            case TASK_MANAGEMENT_REQUEST:
                if (session.isDiscovery()) {
                    reject(pdu, RejectPdu.PROTOCOL_ERROR);
                } else {
                    commands.taskManagement(pdu);
                }
                return;
            case TEXT_REQUEST:
                text.request(pdu);
                return;
            case LOGOUT_REQUEST:
                logout(pdu);
                return;
            default:
                reject(pdu, RejectPdu.PROTOCOL_ERROR);
        }
    }

    private void logout(IscsiPdu pdu) {
        int reason = LogoutPdu.reasonCode(pdu);
        int response;
        if (reason == LogoutPdu.REMOVE_CONNECTION_FOR_RECOVERY) {
            response = LogoutPdu.RECOVERY_NOT_SUPPORTED;
        } else if (reason == LogoutPdu.CLOSE_CONNECTION && LogoutPdu.connectionId(pdu) != connection.connectionId()) {
            response = LogoutPdu.CID_NOT_FOUND;
        } else {
            response = LogoutPdu.CLOSED;
        }
        int itt = pdu.initiatorTaskTag();
        if (response != LogoutPdu.CLOSED) {
            connection.send(logoutResponse(itt, response));
        } else if (reason == LogoutPdu.CLOSE_SESSION) {
            // The I_T nexus has ended, everywhere, before the Logout Response leaves: the initiator may log in
            // again (through any node of a cluster) and send its next command at once, and it must find the
            // nexus gone (its SPC-2 reservation released: libiscsi's Reserve6.Logout), not race the close
            // that follows the response or a cluster_mode unit's change of the shared state.
            session.endNexus().whenComplete((v, e) -> connection.execute(
                    () -> connection.sendAndClose(logoutResponse(itt, LogoutPdu.CLOSED))));
        } else {
            connection.sendAndClose(logoutResponse(itt, response));
        }
    }

    private IscsiPdu logoutResponse(int itt, int response) {
        return LogoutPdu.response(connection.alloc(), itt, response, session.parameters().defaultTime2Wait(), 0);
    }

    void reject(IscsiPdu pdu, int reason) {
        connection.send(RejectPdu.of(connection.alloc(), reason, pdu.bhs()));
    }

    void connectionLost() {
        text.connectionLost();
        early.values().forEach(IscsiPdu::release);
        early.clear();
    }
}
