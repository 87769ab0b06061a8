package io.quiver.transport.fcoe.impl.port;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.spi.target.DesignationDescriptor;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.transport.fcoe.impl.els.ElsReply;
import io.quiver.transport.fcoe.impl.els.ElsResponder;
import io.quiver.transport.fcoe.impl.fip.FabricController;
import io.quiver.transport.fcoe.impl.fip.Fip;
import io.quiver.transport.fcoe.impl.fip.FipController;
import io.quiver.transport.fcoe.impl.fip.FipFrame;
import io.quiver.transport.fcoe.impl.fip.Neighbour;
import io.quiver.transport.fcoe.impl.fip.Vn2VnController;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.FcoeCodec;
import io.quiver.transport.fcoe.impl.frame.FcoeFrame;
import io.quiver.transport.fcoe.impl.frame.FrameControl;
import io.quiver.transport.fcoe.impl.frame.MalformedFrameException;
import io.quiver.transport.fcoe.impl.frame.WorldWideName;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local VN_Port of one fcst target (FC-BB-6 VN2VN, or behind an FCF): FIP through its {@link
 * Vn2VnController} or {@link FabricController}, ELS
 * (plain and FIP-encapsulated) through the {@link ElsResponder}, FCP and BLS through {@link FcpDispatcher}.
 * Frames come from the link's receive threads ({@link #receiveFip}, {@link #receiveFcoe}), time from
 * {@link #tick}. Thread-safe; nothing here blocks.
 */
public final class LocalPort {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPort.class);

    /**
     * The default FCP maximum burst size: 256 KiB, iSCSI's default MaxBurstLength. Linux's initiator sends any
     * burst an FCP_XFER_RDY asks for (libfc fc_fcp_send_data), so this only bounds how much data-out of each
     * write is in flight at once: four concurrent writes keep 1 MiB of the socket's 8 MiB receive buffer busy.
     */
    public static final int DEFAULT_MAX_BURST = 256 << 10;

    private final String name;
    private final long enodeMac;
    private final long portName;
    private final FrameOutput output;
    private final ScsiTarget target;
    private final FipController fip;
    /** Fabric mode: the name server registration after each FLOGI; null in VN2VN. */
    private final NameServerRegistration registration;
    private boolean wasUp;
    private volatile java.util.function.LongConsumer portMacListener = mac -> { };
    private long announcedMac;
    private final ElsResponder els;
    private final FcpDispatcher fcp;
    private final LogoOriginator logos;
    private final int receiveDataFieldSize;
    private final int maxBurst;
    private final List<DesignationDescriptor> designators;
    private final PortLogins logins;
    final AtomicLong dropped = new AtomicLong();

    /**
     * @param mtu the interface MTU: frames carry at most {@code (mtu - 46) & ~3} bytes of payload (1452 at 1500)
     * @param target the core's target port that sessions open on
     */
    public LocalPort(String name, long enodeMac, long portName, long nodeName, int mtu, FrameOutput output,
            ScsiTarget target) {
        this(name, enodeMac, portName, nodeName, mtu, DEFAULT_MAX_BURST, output, target);
    }

    /** @param maxBurst the FCP maximum burst size in bytes, 0 for the whole transfer in one burst */
    public LocalPort(String name, long enodeMac, long portName, long nodeName, int mtu, int maxBurst,
            FrameOutput output, ScsiTarget target) {
        this(name, enodeMac, portName, nodeName, mtu, maxBurst, false, output, target);
    }

    /** @param fabric log in to an FCF (FIP FLOGI) instead of VN2VN */
    public LocalPort(String name, long enodeMac, long portName, long nodeName, int mtu, int maxBurst, boolean fabric,
            FrameOutput output, ScsiTarget target) {
        this.name = name;
        this.enodeMac = enodeMac;
        this.portName = portName;
        this.output = output;
        this.target = target;
        this.receiveDataFieldSize = Math.min(2112, (mtu - FcoeCodec.OVERHEAD + FcoeCodec.ETHERNET_HEADER
                - FcHeader.LENGTH) & ~3);
        int maxFcoeSize = receiveDataFieldSize + FcHeader.LENGTH + FcoeCodec.FCOE_HEADER + FcoeCodec.TRAILER;
        // a burst is one sequence: at least one full frame, at most 65535 frames (SEQ_CNT is 16 bits)
        this.maxBurst = maxBurst <= 0 ? Integer.MAX_VALUE : (int) Math.max(receiveDataFieldSize,
                Math.min(maxBurst, 0xFFFFL * receiveDataFieldSize));
        this.fip = fabric ? new FabricController(enodeMac, nodeName, portName, maxFcoeSize, receiveDataFieldSize,
                output::send, this::linkLost)
                : new Vn2VnController(enodeMac, nodeName, portName, maxFcoeSize, output::send, this::lost);
        this.els = new ElsResponder(portName, nodeName, receiveDataFieldSize);
        this.registration = fabric ? new NameServerRegistration(this, portName, nodeName) : null;
        this.fcp = new FcpDispatcher(this);
        this.logos = new LogoOriginator(this, portName);
        this.logins = new PortLogins(this, target);
        this.designators = PortDesignators.of(portName, nodeName);
    }

    /** The target port and target device designators every session of this port reports. */
    List<DesignationDescriptor> designators() {
        return designators;
    }

    String name() {
        return name;
    }

    Logger log() {
        return LOG;
    }

    FrameOutput output() {
        return output;
    }

    public int portId() {
        return fip.portId();
    }

    /** The MAC FCoE frames leave from: the VN_Port MAC (VN2VN) or the one the FCF granted (fabric). */
    long sourceMac() {
        return fip.portMac();
    }

    /** The MAC frames to {@code remotePortId} go to: its VN_Port MAC (VN2VN) or the FCF's (fabric). */
    long peerMac(int remotePortId) {
        return fip.peerMac(remotePortId);
    }

    /** Told of every new MAC address of the VN_Port (a fabric grants one at each FLOGI), on the timer thread. */
    public void onPortMac(java.util.function.LongConsumer listener) {
        portMacListener = listener;
    }

    public int receiveDataFieldSize() {
        return receiveDataFieldSize;
    }

    /** The FCP maximum burst size in bytes ({@link Integer#MAX_VALUE}: unlimited). */
    public int maxBurst() {
        return maxBurst;
    }

    /** Frames dropped as malformed or unexpected since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Whether the VN_Port has claimed its port ID. */
    public boolean up() {
        return fip.up();
    }

    public void start(long now) {
        fip.start(now);
    }

    public void tick(long now) {
        fip.tick(now);
        boolean up = fip.up();
        long mac = fip.portMac();
        if (mac != announcedMac && up) {
            announcedMac = mac;
            portMacListener.accept(mac);
        }
        if (registration != null) {
            if (up && !wasUp) {
                registration.start(now);
            } else if (!up && wasUp) {
                registration.reset();
            }
            registration.tick(now);
        }
        wasUp = up;
    }

    /** Fabric mode: how far the name server registration got (null in VN2VN). */
    NameServerRegistration.Step registration() {
        return registration == null ? null : registration.step();
    }

    /** One received FIP frame (the buffer is the receiver's, valid during the call). */
    public void receiveFip(ByteBuf frame, long now) {
        FipFrame f;
        try {
            f = FipFrame.decode(frame);
        } catch (MalformedFrameException e) {
            drop("FIP: " + e.getMessage());
            return;
        }
        if (f.op() == Fip.OP_ELS && f.subcode() == Fip.SC_REQUEST && f.els() != null) {
            if (f.destination() == enodeMac) {
                encapsulatedEls(f);
            }
        } else {
            fip.receive(f, now);
        }
    }

    /** A FIP-encapsulated ELS request (VN2VN sends FLOGI this way): answered encapsulated, to its sender. */
    private void encapsulatedEls(FipFrame f) {
        FcHeader h = FcHeader.read(f.els(), f.els().readerIndex());
        ByteBuf request = f.els().slice(f.els().readerIndex() + FcHeader.LENGTH, f.els().readableBytes() - FcHeader.LENGTH);
        if (h.rCtl() != FcHeader.R_CTL_ELS_REQ || h.dId() != portId()) {
            drop("encapsulated ELS not for us");
            return;
        }
        ElsReply reply = els.answer(h, request, logins);
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(64 + reply.payload().readableBytes());
        try {
            Fip.elsReply(out, f.source(), enodeMac, f.elsType(),
                    h.reply(FcHeader.R_CTL_ELS_REP, FcHeader.TYPE_ELS, FrameControl.LAST_REPLY, 0, 0xFFFF),
                    reply.payload(), reply.reject(), sourceMac());
        } finally {
            reply.payload().release();
        }
        output.send(out);
    }

    /** One received FCoE frame (the buffer is the receiver's, valid during the call). */
    public void receiveFcoe(ByteBuf frame) {
        FcoeFrame f;
        try {
            f = FcoeCodec.decode(frame);
        } catch (MalformedFrameException e) {
            drop("FCoE: " + e.getMessage());
            return;
        }
        FcHeader h = f.header();
        if (h.dId() != portId() || (f.destination() != sourceMac() && f.destination() != enodeMac)) {
            return; // another VN_Port's frame
        }
        if (h.type() == FcHeader.TYPE_ELS && h.rCtl() == FcHeader.R_CTL_ELS_REQ) {
            reply(h, FcHeader.R_CTL_ELS_REP, FcHeader.TYPE_ELS, els.answer(h, f.payload(), logins));
        } else if (h.type() == FcHeader.TYPE_FCP || h.type() == FcHeader.TYPE_BLS) {
            RemotePort remote = logins.remote(h.sId());
            if (remote == null) {
                drop("FCP/BLS frame from " + String.format("%06x", h.sId()) + " without a port login");
                logos.frameWithoutLogin(h.sId(), System.currentTimeMillis());
                return;
            }
            fcp.receive(f, remote);
        } else if (h.type() == FcHeader.TYPE_ELS && LogoOriginator.answers(h)) {
            return; // the LS_ACC to a LOGO of ours
        } else if (registration != null && (h.rCtl() == FcHeader.R_CTL_ELS_REP
                || h.rCtl() == NameServerRegistration.R_CTL_CT_REP) && registration.reply(h, f.payload())) {
            return; // the fabric answered our registration
        } else {
            drop("frame type 0x" + Integer.toHexString(h.type()) + " R_CTL 0x" + Integer.toHexString(h.rCtl()));
        }
    }

    /** Sends a link service reply (LS_ACC or LS_RJT) on the request's exchange; releases its payload. */
    void reply(FcHeader request, int rCtl, int type, ElsReply reply) {
        try {
            ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(FcoeCodec.OVERHEAD + FcHeader.LENGTH
                    + reply.payload().readableBytes() + 3);
            FcoeCodec.encodeSingle(out, peerMac(request.sId()), sourceMac(),
                    request.reply(rCtl, type, FrameControl.LAST_REPLY, 0, 0xFFFF), reply.payload());
            output.send(out);
        } finally {
            reply.payload().release();
        }
    }

    void drop(String why) {
        dropped.incrementAndGet();
        LOG.debug("fcst {}: dropped {}", name, why);
    }

    /** Ends every login (target disabled or link gone), each port told so by a LOGO. */
    public void close() {
        logins.portIds().forEach(logos::logo);
        logins.logoutAll();
    }

    /** The virtual link to the FCF is gone (silent FCF, CVL, new FLOGI): every login ends. */
    private void linkLost() {
        LOG.info("fcst {}: the virtual link to the FCF is gone; logins end", name);
        close();
    }

    private void lost(Neighbour n) {
        LOG.info("fcst {}: VN_Port {} ({}) expired", name, String.format("%06x", n.portId()),
                WorldWideName.format(n.portName()));
        logins.portLogout(n.portId());
    }

    /** Whether {@code portId} has a port login with this port. */
    boolean loggedIn(int portId) {
        return logins.loggedIn(portId);
    }
}
