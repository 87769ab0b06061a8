package io.quiver.core.impl.alua;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.ScsiOpcode;

/**
 * Which commands a logical unit processes through a target port in a non-active asymmetric access state
 * (SPC-4 5.15.2.4.4 to 5.15.2.4.7); every other command ends with CHECK CONDITION, NOT READY and the
 * state's {@link AccessState#notReadySense()}. Stateless.
 *
 * <ul>
 * <li>standby: INQUIRY, REPORT LUNS, REQUEST SENSE, LOG SENSE/SELECT, MODE SENSE/SELECT, RECEIVE
 * DIAGNOSTIC RESULTS, SEND DIAGNOSTIC, PERSISTENT RESERVE IN/OUT, MAINTENANCE IN (RTPG, REPORT SUPPORTED
 * OPERATION CODES...), SET TARGET PORT GROUPS, echo-buffer READ/WRITE BUFFER, and READ CAPACITY so that
 * hosts can size a standby path (as LIO does);</li>
 * <li>unavailable: INQUIRY, REPORT LUNS, REQUEST SENSE, MAINTENANCE IN, SET TARGET PORT GROUPS,
 * echo-buffer READ/WRITE BUFFER;</li>
 * <li>transitioning: INQUIRY, REPORT LUNS, REQUEST SENSE, MAINTENANCE IN, echo-buffer READ/WRITE BUFFER;</li>
 * <li>offline: INQUIRY, REPORT LUNS, REQUEST SENSE.</li>
 * </ul>
 */
final class StateFilter {

    private StateFilter() {
    }

    static boolean allows(AccessState state, ByteBuf cdb) {
        int at = cdb.readerIndex();
        int opcode = cdb.getUnsignedByte(at);
        int byte1 = cdb.readableBytes() > 1 ? cdb.getUnsignedByte(at + 1) : 0;
        if (state.active() || opcode == ScsiOpcode.INQUIRY || opcode == ScsiOpcode.REPORT_LUNS
                || opcode == ScsiOpcode.REQUEST_SENSE) {
            return true;
        }
        if (state == AccessState.OFFLINE) {
            return false;
        }
        boolean echoBuffer = (opcode == ScsiOpcode.READ_BUFFER || opcode == ScsiOpcode.WRITE_BUFFER)
                && ((byte1 & 0x1F) == 0x0A || (byte1 & 0x1F) == 0x0B);
        if (opcode == ScsiOpcode.MAINTENANCE_IN || echoBuffer) {
            return true;
        }
        boolean stpg = opcode == ScsiOpcode.MAINTENANCE_OUT && (byte1 & 0x1F) == ScsiOpcode.MO_SET_TARGET_PORT_GROUPS;
        if (state == AccessState.UNAVAILABLE) {
            return stpg;
        }
        if (state == AccessState.TRANSITIONING) {
            return false;
        }
        switch (opcode) {
            case ScsiOpcode.LOG_SELECT:
            case ScsiOpcode.LOG_SENSE:
            case ScsiOpcode.MODE_SELECT_6:
            case ScsiOpcode.MODE_SELECT_10:
            case ScsiOpcode.MODE_SENSE_6:
            case ScsiOpcode.MODE_SENSE_10:
            case ScsiOpcode.RECEIVE_DIAGNOSTIC_RESULTS:
            case ScsiOpcode.SEND_DIAGNOSTIC:
            case ScsiOpcode.PERSISTENT_RESERVE_IN:
            case ScsiOpcode.PERSISTENT_RESERVE_OUT:
            case ScsiOpcode.READ_CAPACITY_10:
                return true;
            case ScsiOpcode.SERVICE_ACTION_IN_16:
                return (byte1 & 0x1F) == ScsiOpcode.SAI_READ_CAPACITY_16;
            default:
                return stpg;
        }
    }
}
