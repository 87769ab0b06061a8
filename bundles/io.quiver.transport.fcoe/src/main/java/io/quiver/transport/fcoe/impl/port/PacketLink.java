package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.quiver.linux.LinuxException;
import io.quiver.linux.Namespace;
import io.quiver.linux.FrameRing;
import io.quiver.linux.NetDevice;
import io.quiver.linux.PacketBatch;
import io.quiver.linux.PacketSocket;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ethernet side of an fcst target: two AF_PACKET sockets on one interface (ethertype 0x8914 FIP with the
 * ALL-VN2VN multicast membership, 0x8906 FCoE with a TPACKET_V2 receive ring), optionally opened inside a named
 * network namespace, and one receive thread per socket, so no event loop and no core thread ever waits for the wire. Sends are
 * serialised through one {@code sendmmsg} batch: the frames of a sequence (up to {@link #BATCH} at a time) leave
 * with one system call, not one each. Thread-safe.
 */
public final class PacketLink implements FrameOutput, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PacketLink.class);
    private static final int BUFFER = 16384;
    /**
     * Frames per {@code sendmmsg}: 64 full-size FCP_DATA frames (2,172 bytes each with their headers) are 132 KiB
     * of a sequence, under a packet socket's default send buffer (212 KiB), so one call rarely waits for it.
     */
    static final int BATCH = 64;
    /**
     * Receive buffer of each socket. FCoE has no retransmission below the exchange: a data-out frame the kernel
     * drops for a full socket buffer costs the initiator a command timeout, REC, ABTS and a retry (Linux's
     * fc_fcp waits 10 s and more). The default (~200 KiB, some 90 frames) overflowed under Linux's write bursts.
     */
    static final int RECEIVE_BUFFER = 8 << 20;

    private final PacketSocket fipSocket;
    private final PacketSocket fcoeSocket;
    /** The FCoE socket's TPACKET_V2 receive ring; null: plain {@code recv}. */
    private final FrameRing fcoeRing;
    private long kernelFrames;
    private long kernelDrops;
    private final int ifindex;
    private final long mac;
    private final int mtu;
    private final PacketBatch batch = new PacketBatch(BATCH, BATCH * 2240L + BUFFER);
    private final PcapWriter pcap;
    private volatile boolean running = true;
    private Thread[] threads = new Thread[0];

    private PacketLink(PacketSocket fip, PacketSocket fcoe, FrameRing ring, int ifindex, long mac, int mtu,
            PcapWriter pcap) {
        this.fipSocket = fip;
        this.fcoeSocket = fcoe;
        this.fcoeRing = ring;
        this.ifindex = ifindex;
        this.mac = mac;
        this.mtu = mtu;
        this.pcap = pcap;
    }

    /**
     * Opens the sockets on {@code interfaceName}; with a {@code netns} name (under /run/netns) they are opened
     * by a short-lived thread that entered that namespace, as sockets keep the namespace they were made in.
     * FCoE frames arrive through a TPACKET_V2 ring ({@link RingReceiver}), or plain {@code recv} where the
     * kernel refuses the ring.
     */
    public static PacketLink open(String interfaceName, String netns, PcapWriter pcap) throws Exception {
        return open(interfaceName, netns, pcap, true);
    }

    /** As {@link #open(String, String, PcapWriter)}; {@code ring} false: plain {@code recv} (for comparison). */
    static PacketLink open(String interfaceName, String netns, PcapWriter pcap, boolean ring) throws Exception {
        CompletableFuture<PacketLink> opened = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                if (netns != null && !netns.isBlank()) {
                    Namespace.enter("/run/netns/" + netns.trim(), Namespace.CLONE_NEWNET);
                }
                opened.complete(openHere(interfaceName, pcap, ring));
            } catch (Throwable t) {
                opened.completeExceptionally(t);
            }
        }, "fcst-open-" + interfaceName);
        opener.start();
        return opened.get();
    }

    private static PacketLink openHere(String interfaceName, PcapWriter pcap, boolean ring) throws LinuxException {
        PacketSocket fip = PacketSocket.open(Fip.ETHERTYPE);
        PacketSocket fcoe = null;
        try {
            fcoe = PacketSocket.open(FcoeCodec.ETHERTYPE_FCOE);
            int ifindex = NetDevice.index(fip.fd(), interfaceName);
            long mac = MacAddress.of(NetDevice.hardwareAddress(fip.fd(), interfaceName));
            int mtu = NetDevice.mtu(fip.fd(), interfaceName);
            fip.bind(ifindex);
            fcoe.bind(ifindex);
            int size = fcoe.receiveBuffer(RECEIVE_BUFFER);
            if (size < RECEIVE_BUFFER) {
                LOG.warn("fcst: receive buffer of {} bytes only (raise net.core.rmem_max or grant CAP_NET_ADMIN)", size);
            }
            fip.membership(true, ifindex, PacketSocket.PACKET_MR_MULTICAST, MacAddress.bytes(MacAddress.ALL_VN2VN));
            // unsolicited FCF advertisements (fabric mode)
            fip.membership(true, ifindex, PacketSocket.PACKET_MR_MULTICAST, MacAddress.bytes(MacAddress.ALL_ENODE));
            FrameRing rx = null;
            if (ring) {
                try {
                    rx = RingReceiver.map(fcoe);
                } catch (LinuxException e) {
                    LOG.warn("fcst: no TPACKET_V2 receive ring ({}): plain recv", e.getMessage());
                }
            }
            return new PacketLink(fip, fcoe, rx, ifindex, mac, mtu, pcap);
        } catch (LinuxException | RuntimeException e) {
            fip.close();
            if (fcoe != null) {
                fcoe.close();
            }
            throw e;
        }
    }

    public long mac() {
        return mac;
    }

    public int mtu() {
        return mtu;
    }

    /** Receives the VN_Port MAC's unicast frames too, for interfaces that filter by destination. */
    public void addVnPortMac(long vnMac) {
        try {
            fcoeSocket.membership(true, ifindex, PacketSocket.PACKET_MR_UNICAST, MacAddress.bytes(vnMac));
        } catch (LinuxException e) {
            LOG.warn("fcst: cannot add unicast address {}: {}", MacAddress.format(vnMac), e.getMessage());
        }
    }

    /**
     * Starts the receive threads. {@code fip} gets FIP frames and, every 100 ms at least, null (the
     * controller's clock); {@code fcoe} gets FCoE frames. Frames are views of a reused buffer.
     */
    public void start(String name, Consumer<ByteBuf> fip, Runnable tick, Consumer<ByteBuf> fcoe) {
        String fipName = "fcst-fip-" + name;
        String fcoeName = "fcst-fcoe-" + name;
        Runnable data = fcoeRing == null ? new PlainReceiver(fcoeName, fcoeSocket, fcoe, null, pcap, () -> running)
                : new RingReceiver(fcoeName, fcoeSocket, fcoeRing, fcoe, pcap, () -> running);
        threads = new Thread[] {receiver(fipName, new PlainReceiver(fipName, fipSocket, fip, tick, pcap,
                () -> running)), receiver(fcoeName, data)};
        for (Thread t : threads) {
            t.start();
        }
    }

    private Thread receiver(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void send(ByteBuf frame) {
        send(List.of(frame));
    }

    @Override
    public synchronized void send(List<ByteBuf> frames) {
        PacketSocket batchSocket = null;
        try {
            for (ByteBuf frame : frames) {
                int n = frame.readableBytes();
                if (n > BUFFER || n < 1) { // an empty batch takes any frame of 1 to BUFFER bytes
                    LOG.warn("fcst: frame of {} bytes not sent", n);
                    continue;
                }
                PacketSocket socket = frame.getUnsignedShort(frame.readerIndex() + 12) == Fip.ETHERTYPE ? fipSocket
                        : fcoeSocket;
                if (socket != batchSocket) {
                    flush(batchSocket);
                    batchSocket = socket;
                }
                var slot = batch.add(n);
                if (slot == null) {
                    flush(batchSocket);
                    slot = batch.add(n);
                }
                if (pcap != null) {
                    pcap.write(frame);
                }
                frame.getBytes(frame.readerIndex(), slot.asByteBuffer());
            }
            flush(batchSocket);
        } finally {
            for (ByteBuf frame : frames) {
                frame.release();
            }
        }
    }

    private void flush(PacketSocket socket) {
        if (batch.size() > 0) {
            try {
                batch.send(socket);
            } catch (LinuxException e) {
                LOG.debug("fcst: send failed: {}", e.getMessage());
            }
        }
    }

    /**
     * FCoE frames the kernel had for this link since it opened, and how many of them it dropped because the
     * ring (or the socket's receive buffer) was full: {frames, drops}.
     */
    public synchronized long[] statistics() throws LinuxException {
        int[] now = fcoeSocket.statistics(); // PACKET_STATISTICS resets the kernel's counters: sum them here
        kernelFrames += now[0];
        kernelDrops += now[1];
        return new long[] {kernelFrames, kernelDrops};
    }

    /** Whether FCoE frames come through a TPACKET_V2 ring. */
    public boolean ring() {
        return fcoeRing != null;
    }

    /** Stops the receive threads (each within its 100 ms poll) and closes the sockets. */
    @Override
    public void close() throws java.io.IOException {
        running = false;
        try {
            for (Thread t : threads) {
                t.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            long[] stats = statistics();
            if (stats[1] > 0) {
                LOG.warn("fcst: the kernel dropped {} of {} FCoE frames ({} full)", stats[1], stats[0],
                        fcoeRing == null ? "receive buffer" : "receive ring");
            }
            if (fcoeRing != null) {
                fcoeRing.close();
            }
            fipSocket.close();
            fcoeSocket.close();
        } catch (LinuxException e) {
            LOG.warn("fcst: closing the packet sockets: {}", e.getMessage());
        }
        if (pcap != null) {
            pcap.close();
        }
        synchronized (this) {
            batch.close();
        }
    }
}
