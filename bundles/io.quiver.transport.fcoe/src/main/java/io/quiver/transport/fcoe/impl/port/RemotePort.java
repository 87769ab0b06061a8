package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.spi.target.DesignationDescriptor;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.transport.fcoe.impl.fcp.FcpChannel;
import io.quiver.transport.fcoe.impl.fcp.FcpExchange;
import io.quiver.transport.fcoe.impl.frame.Delimiter;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.FrameControl;
import io.quiver.transport.fcoe.impl.frame.WorldWideName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A remote N_Port logged in to the local port (PLOGI): its names, its receive data field size, its I_T nexus
 * once PRLI established the image pair, and its open FCP exchanges by OX_ID. Frames to it go to its VN_Port
 * MAC. Thread-safe.
 */
final class RemotePort implements FcpChannel, SessionTransport {

    private final LocalPort local;
    final int portId;
    final long portName;
    final long nodeName;
    private final int maxPayload;
    private final Map<Integer, FcpExchange> exchanges = new ConcurrentHashMap<>();
    private final AtomicInteger rxIds = new AtomicInteger();
    private volatile Session session;

    RemotePort(LocalPort local, int portId, long portName, long nodeName, int maxPayload) {
        this.local = local;
        this.portId = portId;
        this.portName = portName;
        this.nodeName = nodeName;
        this.maxPayload = maxPayload;
    }

    Session session() {
        return session;
    }

    void session(Session s) {
        session = s;
    }

    FcpExchange exchange(int oxId) {
        return exchanges.get(oxId);
    }

    /** A new exchange for a command; null if that OX_ID is still open (the command is dropped). */
    FcpExchange open(int oxId, java.util.function.IntFunction<FcpExchange> factory) {
        int rxId = rxIds.updateAndGet(v -> v >= 0xFFFE ? 1 : v + 1);
        FcpExchange e = factory.apply(rxId);
        return exchanges.putIfAbsent(oxId, e) == null ? e : null;
    }

    /** Ends the nexus: open exchanges are aborted (the core completes them as aborted). */
    void logout() {
        Session s = session;
        session = null;
        exchanges.values().forEach(FcpExchange::abort);
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void sequence(int oxId, int rxId, int seqId, int rCtl, int lastFrameControl, ByteBuf payload, int index,
            int length, int relativeOffset) {
        int base = FrameControl.EXCHANGE_RESPONDER | (relativeOffset >= 0 ? FrameControl.RELATIVE_OFFSET : 0);
        int count = 0;
        int done = 0;
        // the frames go out PacketLink.BATCH at a time, each batch with one system call
        List<ByteBuf> frames = new ArrayList<>(Math.min(PacketLink.BATCH, length / maxPayload + 1));
        try {
            do {
                int chunk = Math.min(maxPayload, length - done);
                boolean last = done + chunk == length;
                int fCtl = base | (last ? FrameControl.END_SEQUENCE | lastFrameControl : 0);
                FcHeader h = new FcHeader(rCtl, portId, 0, local.portId(), FcHeader.TYPE_FCP, fCtl, seqId, 0, count++,
                        oxId, rxId, relativeOffset >= 0 ? relativeOffset + done : 0);
                ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(FcoeCodec.OVERHEAD + FcHeader.LENGTH + chunk + 3);
                frames.add(out);
                FcoeCodec.encode(out, local.peerMac(portId), local.sourceMac(), count == 1 ? Delimiter.SOF_I3
                        : Delimiter.SOF_N3, last ? Delimiter.EOF_T : Delimiter.EOF_N, h, payload, index + done, chunk);
                if (frames.size() == PacketLink.BATCH || last) {
                    List<ByteBuf> burst = List.copyOf(frames);
                    frames.clear(); // the output releases them from here on
                    local.output().send(burst);
                }
                done += chunk;
            } while (done < length);
        } catch (RuntimeException e) {
            frames.forEach(ByteBuf::release); // not handed to the output: ours to release
            throw e;
        }
    }

    @Override
    public int maxBurst() {
        return local.maxBurst();
    }

    @Override
    public void finished(FcpExchange exchange) {
        exchanges.remove(exchange.oxId(), exchange);
    }

    @Override
    public void close(String reason) {
        local.log().info("fcst {}: closing the session of {}: {}", local.name(), WorldWideName.format(portName), reason);
        logout();
    }

    /** The local port's WWPN and WWNN: the nexus' target port and target device. */
    @Override
    public List<DesignationDescriptor> designators() {
        return local.designators();
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of("transport", "fcoe", "port_id", String.format("%06x", portId), "node_name",
                WorldWideName.format(nodeName), "max_payload", Integer.toString(maxPayload), "exchanges",
                Integer.toString(exchanges.size()));
    }
}
