package io.quiver.transport.iscsi.impl.session;

import io.netty.buffer.ByteBuf;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.spi.target.CommandResponse;
import io.quiver.iscsi.login.OperationalParameters;
import io.quiver.iscsi.pdu.DataPdu;
import io.quiver.iscsi.pdu.IscsiPdu;
import io.quiver.iscsi.pdu.ResidualFlags;
import io.quiver.iscsi.pdu.ScsiCommandPdu;

/**
 * Sends a completed command to the initiator (SCST's xmit_response): Data-In PDUs as retained slices of the
 * core's buffer, at most MaxRecvDataSegmentLength each and never across a MaxBurstLength sequence boundary,
 * with the status collapsed into the last one when the status allows it (GOOD or CONDITION MET, RFC 7143
 * 11.7.4), else a SCSI Response with sense and residuals. Releases the data-in buffer once. Stateless; runs on
 * the connection's event loop.
 */
final class ResponseSender {

    private ResponseSender() {
    }

    static void send(IscsiConnection connection, OperationalParameters p, ScsiTask task, CommandResponse response) {
        ByteBuf dataIn = response.dataIn();
        long expected = task.expectedDataTransferLength();
        boolean reads = task.direction() == DataDirection.IN || task.direction() == DataDirection.BIDIRECTIONAL;
        int toSend = 0;
        if (dataIn != null && reads) {
            toSend = (int) Math.min(dataIn.readableBytes(), expected);
        }
        ResidualFlags residual = ResidualFlags.of(expected, response.transferLength());
        ScsiStatus status = response.status();
        boolean collapse = toSend > 0 && response.sense() == null
                && (status == ScsiStatus.GOOD || status == ScsiStatus.CONDITION_MET);
        int dataSn = 0;
        if (toSend > 0 && connection.wire().placesData()) {
            // iSER: the data goes by RDMA WRITE and the status always in a SCSI Response (RFC 7145, 7.3.5).
            connection.wire().dataIn(task.initiatorTaskTag(), dataIn.retainedSlice(dataIn.readerIndex(), toSend));
            toSend = 0;
            collapse = false;
        }
        try {
            int segment = p.initiatorMaxRecvDataSegmentLength();
            int burst = p.maxBurstLength();
            int offset = 0;
            while (offset < toSend) {
                int burstEnd = Math.min(toSend, (offset / burst + 1) * burst);
                int length = Math.min(segment, burstEnd - offset);
                boolean lastOfSequence = offset + length == burstEnd;
                boolean last = offset + length == toSend;
                IscsiPdu pdu = DataPdu.dataIn(connection.alloc(), task.lun(), task.initiatorTaskTag(), dataSn++,
                        offset, lastOfSequence, dataIn.retainedSlice(dataIn.readerIndex() + offset, length));
                if (last && collapse) {
                    DataPdu.collapseStatus(pdu, status.code(), residual);
                }
                connection.send(pdu);
                offset += length;
            }
        } finally {
            if (dataIn != null) {
                dataIn.release();
            }
        }
        if (!collapse) {
            ByteBuf sense = null;
            if (response.sense() != null) {
                int length = response.sense().encodedLength(response.descriptorSense());
                sense = connection.alloc().directBuffer(2 + length);
                sense.writeShort(length);
                response.sense().encode(sense, response.descriptorSense());
            }
            IscsiPdu pdu = ScsiCommandPdu.response(connection.alloc(), task.initiatorTaskTag(), status.code(),
                    residual.flags(), residual.count(), sense);
            pdu.setInt(36, dataSn);
            connection.send(pdu);
        }
        connection.flushSoon();
    }
}
