package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.quiver.initiator.iscsi.IscsiSession;
import io.quiver.initiator.iscsi.ScsiResult;
import io.quiver.initiator.iscsi.SessionSettings;
import java.util.concurrent.TimeUnit;

/**
 * The iSCSI side of {@link FcoeIscsiBench}: the workload through Quiver's Java iSCSI initiator
 * ({@link IscsiSession}) on one session, and that session's login and READ CAPACITY. Data-out is a slice of one
 * buffer of random bytes. Thread-safe.
 */
final class IscsiLoad extends QueueDepthLoad {

    private static final String INITIATOR = "iqn.2026-12.io.quiver:fcoebench";

    private final IscsiSession session;
    private final long lun;
    private final ByteBuf data;

    IscsiLoad(IscsiSession session, int lun, long capacity, int logicalBlock, ByteBuf data) {
        super(capacity, logicalBlock);
        this.session = session;
        this.lun = IscsiSession.lun(lun);
        this.data = data;
    }

    @Override
    void issue(int slot, long offset) {
        int length = workload.blockSize();
        ByteBuf out = workload.read() ? null : data.retainedSlice(0, length);
        session.execute(lun, Unpooled.wrappedBuffer(cdb(offset)), workload.read(), length, out).whenComplete((r, e) -> {
            String error = e != null ? e.toString() : check(r, length);
            if (r != null) {
                r.release();
            }
            completed(slot, error);
        });
    }

    private String check(ScsiResult r, int length) {
        if (r.status() != 0) {
            return "SCSI status " + r.status();
        }
        if (workload.read() && (r.dataIn() == null || r.dataIn().readableBytes() != length)) {
            return "read returned " + (r.dataIn() == null ? 0 : r.dataIn().readableBytes()) + " of " + length + " bytes";
        }
        return null;
    }

    /** Logs in, retrying while the target (still starting) refuses, for up to 180 s. */
    static IscsiSession login(EventLoopGroup group, String host, int port, String iqn) throws Exception {
        long end = System.currentTimeMillis() + 180_000;
        while (true) {
            try {
                IscsiSession s = IscsiSession.login(group, SessionSettings.of(host, port, INITIATOR, iqn)).get(10, TimeUnit.SECONDS);
                for (int i = 0; i < 3; i++) { // unit attentions after login
                    ScsiResult r = s.execute(IscsiSession.lun(0), Unpooled.wrappedBuffer(new byte[6]), false, 0, null).get(10, TimeUnit.SECONDS);
                    r.release();
                }
                return s;
            } catch (Exception e) {
                if (System.currentTimeMillis() > end) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** READ CAPACITY (16) over iSCSI: {bytes, logical block length}. */
    static long[] readCapacity(IscsiSession s) throws Exception {
        ByteBuf cdb = PooledByteBufAllocator.DEFAULT.heapBuffer(16).writeByte(0x9E).writeByte(0x10).writeLong(0)
                .writeInt(32).writeShort(0);
        ScsiResult r = s.execute(IscsiSession.lun(0), cdb, true, 32, null).get(10, TimeUnit.SECONDS);
        try {
            if (r.status() != 0) {
                throw new IllegalStateException("READ CAPACITY (16): status " + r.status());
            }
            long blocks = r.dataIn().getLong(r.dataIn().readerIndex()) + 1;
            int block = r.dataIn().getInt(r.dataIn().readerIndex() + 8);
            return new long[] {blocks * block, block};
        } finally {
            r.release();
        }
    }
}
