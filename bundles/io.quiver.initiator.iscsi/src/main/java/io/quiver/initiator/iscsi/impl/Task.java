package io.quiver.initiator.iscsi.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.quiver.initiator.iscsi.ScsiResult;
import java.util.concurrent.CompletableFuture;

/**
 * One SCSI command in flight: its command PDU fields, the data-out it sends (owned until completion) and the
 * Data-In segments received so far (retained slices in a composite, never copied). Event loop only.
 */
final class Task {

    final int itt;
    final long lun;
    final ByteBuf cdb;
    final boolean read;
    final int expectedLength;
    final ByteBuf dataOut;
    final CompletableFuture<ScsiResult> result;
    CompositeByteBuf dataIn;
    int cmdSn;

    Task(int itt, long lun, ByteBuf cdb, boolean read, int expectedLength, ByteBuf dataOut,
            CompletableFuture<ScsiResult> result) {
        this.itt = itt;
        this.lun = lun;
        this.cdb = cdb;
        this.read = read;
        this.expectedLength = expectedLength;
        this.dataOut = dataOut;
        this.result = result;
    }

    /** Releases what the task holds; the data-in composite only if {@code withDataIn}. */
    void release(boolean withDataIn) {
        cdb.release();
        if (dataOut != null) {
            dataOut.release();
        }
        if (withDataIn && dataIn != null) {
            dataIn.release();
        }
    }
}
