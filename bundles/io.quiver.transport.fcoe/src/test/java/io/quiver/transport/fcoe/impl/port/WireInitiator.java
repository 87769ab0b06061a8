package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.els.ServiceParameters;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.fip.FipFrame;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.FcoeFrame;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Java FCoE test initiator on a real link, for {@link FcoeIscsiBench}: a VN2VN ENode on a {@link PacketLink}
 * (the target's own AF_PACKET code, TPACKET_V2 receive ring included, so both ends pay the same per-frame cost)
 * that claims a port ID, learns the target from its claim response, logs in with PLOGI and PRLI as Linux's
 * libfc does (the higher WWPN sends PLOGI), beacons every 8 s so the target keeps it as a neighbour, and hands
 * every FCP frame to one consumer. Test code. Thread-safe; frames are handled on the link's receive threads
 * and are views of a reused buffer, valid only during the call.
 */
final class WireInitiator implements AutoCloseable {

    static final long WWPN = 0x2000_0000_00fc_b002L;
    private static final long WWNN = 0x1000_0000_00fc_b002L;
    private static final int BEACON_MILLIS = 8000;

    private final PacketLink link;
    private final int portId;
    private final int receiveDataFieldSize;
    private final CompletableFuture<FipFrame> claimed = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<ByteBuf>> elsReplies = new ConcurrentHashMap<>();
    private volatile Consumer<FcoeFrame> fcp = f -> { };
    private volatile FipFrame target;
    private long lastBeacon;

    private WireInitiator(PacketLink link, int portId) {
        this.link = link;
        this.portId = portId;
        // FC frame (24-byte header + payload + CRC) inside FCoE's 14-byte header and 4-byte EOF trailer within the MTU
        this.receiveDataFieldSize = Math.min(2112, (link.mtu() - 46) & ~3);
    }

    /**
     * Opens {@code interfaceName} in this thread's network namespace, claims a port ID and logs in to the first
     * VN2VN target that answers the claim, within {@code timeoutMillis}; {@code ring} false: FCoE frames by plain
     * {@code recv}, one system call each, instead of the TPACKET_V2 ring.
     */
    static WireInitiator login(String interfaceName, long timeoutMillis, boolean ring) throws Exception {
        PacketLink link = PacketLink.open(interfaceName, null, null, ring);
        WireInitiator ini = new WireInitiator(link, 0x00fcb2);
        try {
            link.addVnPortMac(MacAddress.vnPort(ini.portId));
            link.start("bench-initiator", ini::fip, ini::tick, ini::fcoe);
            long end = System.currentTimeMillis() + timeoutMillis;
            while (!ini.claimed.isDone()) { // the target may still be starting: claim again every second
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException("no VN2VN claim response on " + interfaceName);
                }
                ini.vn2vn(Fip.SC_CLAIM_NOTIFY, MacAddress.ALL_VN2VN);
                try {
                    ini.claimed.get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // not yet
                }
            }
            ini.target = ini.claimed.get();
            ByteBuf plogi = Unpooled.buffer();
            ServiceParameters.writeAccept(plogi, false, WWPN, WWNN, ini.receiveDataFieldSize);
            plogi.setByte(0, Els.PLOGI);
            ini.els(0x0001, plogi, "PLOGI").release();
            ini.els(0x0002, TestInitiator.prli(), "PRLI").release();
            return ini;
        } catch (Exception | Error e) {
            link.close();
            throw e;
        }
    }

    /** Sends an ELS request and waits for its LS_ACC (a copy, the caller releases it). */
    private ByteBuf els(int oxId, ByteBuf payload, String name) throws Exception {
        CompletableFuture<ByteBuf> reply = new CompletableFuture<>();
        elsReplies.put(oxId, reply);
        send(new FcHeader(FcHeader.R_CTL_ELS_REQ, target.portId(), 0, portId, FcHeader.TYPE_ELS, 0x290000, 0, 0, 0,
                oxId, 0xFFFF, 0), payload);
        ByteBuf r = reply.get(10, TimeUnit.SECONDS);
        if (r.getUnsignedByte(0) != Els.LS_ACC) {
            r.release();
            throw new IllegalStateException(name + " rejected");
        }
        return r;
    }

    /** Where FCP frames (everything but ELS replies) go from now on. */
    void onFcp(Consumer<FcoeFrame> consumer) {
        fcp = consumer;
    }

    /** A single-frame sequence (SOFi3/EOFt) to the target. */
    void send(FcHeader h, ByteBuf payload) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(FcoeCodec.OVERHEAD + FcHeader.LENGTH + payload.readableBytes() + 3);
        FcoeCodec.encodeSingle(out, target.vnMac(), MacAddress.vnPort(portId), h, payload);
        payload.release();
        link.send(out);
    }

    /**
     * One frame of a multi-frame sequence to the target, with its delimiters, encoded but not sent: the caller
     * hands a sequence's frames to {@link #send(List)} together, as the target sends its data-in.
     */
    ByteBuf frame(FcHeader h, int sof, int eof, ByteBuf payload, int index, int length) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(FcoeCodec.OVERHEAD + FcHeader.LENGTH + length + 3);
        FcoeCodec.encode(out, target.vnMac(), MacAddress.vnPort(portId), sof, eof, h, payload, index, length);
        return out;
    }

    /** Frames from {@link #frame}, in order, through the link's {@code sendmmsg} batch; each is released. */
    void send(List<ByteBuf> frames) {
        link.send(frames);
    }

    int portId() {
        return portId;
    }

    int targetPortId() {
        return target.portId();
    }

    /** The payload bytes one data-out frame may carry: the target's receive data field size from PLOGI. */
    int maxPayload() {
        return receiveDataFieldSize;
    }

    /** Whether FCoE frames come through a TPACKET_V2 ring. */
    boolean ring() {
        return link.ring();
    }

    /** {frames, drops} of the initiator's receive ring, as the kernel counts them. */
    long[] statistics() throws Exception {
        return link.statistics();
    }

    private void vn2vn(int subcode, long destination) {
        ByteBuf f = ByteBufAllocator.DEFAULT.directBuffer(256);
        Fip.vn2vn(f, destination, subcode, link.mac(), WWNN, portId, WWPN, link.mtu());
        link.send(f);
    }

    /** The FIP receive thread's clock (every 100 ms at least): a beacon every 8 s once logged in. */
    private void tick() {
        long now = System.currentTimeMillis();
        if (target != null && now - lastBeacon >= BEACON_MILLIS) {
            lastBeacon = now;
            vn2vn(Fip.SC_BEACON, MacAddress.ALL_VN2VN);
        }
    }

    private void fip(ByteBuf frame) {
        try {
            FipFrame f = FipFrame.decode(frame);
            if (f.op() == Fip.OP_VN2VN && f.subcode() == Fip.SC_CLAIM_RESPONSE && f.portName() != WWPN) {
                claimed.complete(f);
            }
        } catch (Exception e) {
            // not a frame of ours to understand: a benchmark initiator ignores it
        }
    }

    private void fcoe(ByteBuf frame) {
        FcoeFrame f;
        try {
            f = FcoeCodec.decode(frame);
        } catch (Exception e) {
            return;
        }
        if (f.header().rCtl() == FcHeader.R_CTL_ELS_REP) {
            CompletableFuture<ByteBuf> reply = elsReplies.remove(f.header().oxId());
            if (reply != null) {
                reply.complete(Unpooled.copiedBuffer(f.payload()));
            }
        } else {
            fcp.accept(f);
        }
    }

    @Override
    public void close() throws Exception {
        link.close();
    }
}
