package io.quiver.transport.fcoe.impl.fip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.transport.fcoe.impl.els.Els;
import io.quiver.transport.fcoe.impl.els.ServiceParameters;
import io.quiver.transport.fcoe.impl.frame.FcHeader;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * FIP towards an FCF for one VN_Port (FC-BB-6 7.8.7.1, as Linux's libfcoe does it in fabric mode): a discovery
 * solicitation to the ALL-FCF-MACs, advertisements collected for {@value #SELECT_WAIT} ms and the available FCF
 * of the best (lowest) priority chosen, FLOGI inside FIP with a zeroed MAC descriptor (FPMA), the port ID and
 * MAC address the LS_ACC grants, ENode keep-alives every FKA_ADV_Period and VN_Port keep-alives every
 * {@value #VN_KEEP_ALIVE} ms, and a new login when the FCF goes silent for 2.5 FKA_ADV_Periods or clears the
 * virtual link (CVL). Every loss of the link is reported through {@code lost} (the port's logins end).
 *
 * <p>Time comes from the caller ({@link #tick}); frames leave through {@code output}. Thread-safe: calls are
 * serialised here; nothing blocks.
 */
public final class FabricController implements FipController {

    public static final int SELECT_WAIT = 1000;
    public static final int SOLICIT_INTERVAL = 4000;
    public static final int FLOGI_TIMEOUT = 4000;
    public static final int VN_KEEP_ALIVE = 90_000;
    static final int FLOGI_OX_ID = 0x0F10;

    enum State { SOLICIT, FLOGI, UP }

    /** One FCF heard from: its MAC, priority and FKA_ADV_Period. */
    private record Fcf(long mac, int priority, int fkaPeriod, long fabricName) {
    }

    private final long enodeMac;
    private final long nodeName;
    private final long portName;
    private final int maxFcoeSize;
    private final int receiveDataFieldSize;
    private final Consumer<ByteBuf> output;
    private final Runnable lost;
    private final Map<Long, Fcf> candidates = new HashMap<>();
    private State state = State.SOLICIT;
    private Fcf fcf;
    private volatile int portId;
    private volatile long portMac;
    private volatile long fcfMac;
    private long selectAt;
    private long nextSolicit;
    private long flogiDeadline;
    private long lastAdvertisement;
    private long nextEnodeKeepAlive;
    private long nextPortKeepAlive;

    /**
     * @param output sends one whole Ethernet frame and releases it
     * @param lost told when the virtual link goes (FCF silent, CVL, new FLOGI): the port's logins end
     */
    public FabricController(long enodeMac, long nodeName, long portName, int maxFcoeSize, int receiveDataFieldSize,
            Consumer<ByteBuf> output, Runnable lost) {
        this.enodeMac = enodeMac;
        this.nodeName = nodeName;
        this.portName = portName;
        this.maxFcoeSize = maxFcoeSize;
        this.receiveDataFieldSize = receiveDataFieldSize;
        this.output = output;
        this.lost = lost;
    }

    @Override
    public synchronized void start(long now) {
        boolean wasUp = state == State.UP;
        state = State.SOLICIT;
        fcf = null;
        portId = 0;
        portMac = 0;
        candidates.clear();
        if (wasUp) {
            lost.run();
        }
        solicit(now);
    }

    private void solicit(long now) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(64);
        Fip.solicitation(out, enodeMac, nodeName, maxFcoeSize);
        output.accept(out);
        selectAt = now + SELECT_WAIT;
        nextSolicit = now + SOLICIT_INTERVAL;
    }

    @Override
    public synchronized void tick(long now) {
        switch (state) {
            case SOLICIT -> {
                if (now >= selectAt && !candidates.isEmpty()) {
                    fcf = candidates.values().stream().min((a, b) -> Integer.compare(a.priority(), b.priority()))
                            .orElseThrow();
                    fcfMac = fcf.mac();
                    flogi(now);
                } else if (now >= nextSolicit) {
                    solicit(now);
                }
            }
            case FLOGI -> {
                if (now >= flogiDeadline) {
                    start(now);
                }
            }
            case UP -> {
                if (now - lastAdvertisement > fcf.fkaPeriod() * 5L / 2) {
                    start(now); // the FCF went silent: its virtual links are gone
                    return;
                }
                if (now >= nextEnodeKeepAlive) {
                    keepAlive(0);
                    nextEnodeKeepAlive = now + fcf.fkaPeriod();
                }
                if (now >= nextPortKeepAlive) {
                    keepAlive(portId);
                    nextPortKeepAlive = now + VN_KEEP_ALIVE;
                }
            }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    /** FLOGI to F_Port 0xFFFFFE, inside FIP to the chosen FCF. */
    private void flogi(long now) {
        state = State.FLOGI;
        flogiDeadline = now + FLOGI_TIMEOUT;
        ByteBuf params = ByteBufAllocator.DEFAULT.heapBuffer(ServiceParameters.LENGTH);
        ServiceParameters.writeAccept(params, true, portName, nodeName, receiveDataFieldSize);
        params.setByte(0, Els.FLOGI);
        FcHeader h = new FcHeader(FcHeader.R_CTL_ELS_REQ, 0xFFFFFE, 0, 0, FcHeader.TYPE_ELS, 0x290000, 0, 0, 0,
                FLOGI_OX_ID, 0xFFFF, 0);
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(64 + ServiceParameters.LENGTH);
        try {
            Fip.elsRequest(out, fcf.mac(), enodeMac, Fip.DT_FLOGI, h, params);
        } finally {
            params.release();
        }
        output.accept(out);
    }

    private void keepAlive(int id) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(64);
        Fip.keepAlive(out, fcf.mac(), enodeMac, portMac, id, portName);
        output.accept(out);
    }

    @Override
    public synchronized void receive(FipFrame f, long now) {
        if (f.op() == Fip.OP_DISCOVERY && f.subcode() == Fip.SC_ADVERTISEMENT && (f.flags() & Fip.FLAG_FCF) != 0
                && MacAddress.validUnicast(f.mac())) {
            if (fcf != null && f.mac() == fcf.mac()) {
                lastAdvertisement = now;
            } else if (state == State.SOLICIT && (f.flags() & Fip.FLAG_AVAILABLE) != 0 && f.fkaPeriod() > 0) {
                candidates.put(f.mac(), new Fcf(f.mac(), f.priority(), f.fkaPeriod(), f.fabricName()));
            }
        } else if (f.op() == Fip.OP_ELS && f.subcode() == Fip.SC_REPLY && f.elsType() == Fip.DT_FLOGI
                && state == State.FLOGI && f.source() == fcf.mac()) {
            flogiReply(f, now);
        } else if (f.op() == Fip.OP_CONTROL && f.subcode() == Fip.SC_CLEAR_VIRTUAL_LINKS && fcf != null
                && f.source() == fcf.mac() && state != State.SOLICIT) {
            boolean ours = f.portIds().length == 0;
            for (int id : f.portIds()) {
                ours |= id == portId;
            }
            if (ours) {
                start(now);
            }
        }
    }

    /** The FLOGI LS_ACC: the port ID is its D_ID, the MAC the one its MAC descriptor grants. */
    private void flogiReply(FipFrame f, long now) {
        ByteBuf els = f.els();
        FcHeader h = FcHeader.read(els, els.readerIndex());
        if (h.oxId() != FLOGI_OX_ID) {
            return;
        }
        int command = els.getUnsignedByte(els.readerIndex() + FcHeader.LENGTH);
        if (command != Els.LS_ACC || !MacAddress.validUnicast(f.mac()) || h.dId() == 0) {
            state = State.SOLICIT; // rejected: try again after the solicitation interval
            fcf = null;
            nextSolicit = now + SOLICIT_INTERVAL;
            candidates.clear();
            return;
        }
        portId = h.dId();
        portMac = f.mac();
        state = State.UP;
        lastAdvertisement = now;
        nextEnodeKeepAlive = now + fcf.fkaPeriod();
        nextPortKeepAlive = now + VN_KEEP_ALIVE;
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public synchronized boolean up() {
        return state == State.UP;
    }

    /** The fabric-provided MAC address (FC-MAP 0E:FC:00 + port ID as the FCF grants it). */
    @Override
    public long portMac() {
        return portMac;
    }

    /** In a fabric every frame goes to the FCF, which forwards it by D_ID. */
    @Override
    public long peerMac(int remotePortId) {
        return fcfMac;
    }
}
