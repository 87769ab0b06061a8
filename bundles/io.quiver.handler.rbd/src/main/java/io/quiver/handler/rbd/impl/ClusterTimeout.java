package io.quiver.handler.rbd.impl;

import io.quiver.linux.Errno;
import io.quiver.linux.LinuxException;
import io.quiver.sbc.BackendUnreachableException;
import java.io.IOException;

/**
 * The one librbd error that is not the medium's: ETIMEDOUT, which librados returns only after a request has
 * waited {@code osd_op_timeout} seconds for a cluster it cannot reach (no OSD up for the placement group, no
 * monitor). It becomes a {@link BackendUnreachableException}, so the command set answers NOT READY, LOGICAL UNIT
 * COMMUNICATION FAILURE, as LIO answers a backend that does not complete, instead of a MEDIUM ERROR that would
 * tell the initiator its data is bad. Stateless; called on the device's I/O threads.
 */
final class ClusterTimeout {

    /** librbd work whose completion may report the cluster's time-out. */
    interface Request {
        void run() throws IOException;
    }

    private ClusterTimeout() {
    }

    /** Runs {@code request}, turning ETIMEDOUT into {@link BackendUnreachableException}. */
    static void timed(Request request) throws IOException {
        try {
            request.run();
        } catch (LinuxException e) {
            throw unreachableOr(e);
        }
    }

    /** {@link BackendUnreachableException} for ETIMEDOUT, {@code e} itself (a MEDIUM ERROR) for any other error. */
    static IOException unreachableOr(LinuxException e) {
        return e.errno() == Errno.ETIMEDOUT
                ? new BackendUnreachableException("the Ceph cluster did not answer within osd_op_timeout", e) : e;
    }
}
