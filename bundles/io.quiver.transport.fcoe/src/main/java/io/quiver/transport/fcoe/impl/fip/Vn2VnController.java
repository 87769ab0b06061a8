package io.quiver.transport.fcoe.impl.fip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.transport.fcoe.impl.frame.MacAddress;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * FIP VN2VN for one VN_Port (FC-BB-6 7.8.7.2, as Linux's libfcoe implements it): probes for a port ID,
 * claims it, sends a beacon every {@value #BEACON_INTERVAL} ms, answers probes and claims of other VN_Ports
 * (claim response), keeps the neighbours that claimed or beaconed and forgets those silent for 2.5 beacon
 * intervals. Port ID conflicts are resolved as FC-BB-6 says: the lower port name gives way.
 *
 * <p>Time comes from the caller ({@link #tick}); frames leave through {@code output}. Thread-safe: the receive
 * thread and the timer call in concurrently and are serialised here; nothing blocks.
 */
public final class Vn2VnController implements FipController {

    public static final int PROBE_WAIT = 100;
    public static final int ANNOUNCE_WAIT = 400;
    public static final int BEACON_INTERVAL = 8000;

    enum State { PROBE, CLAIM, UP }

    private final long enodeMac;
    private final long nodeName;
    private final long portName;
    private final int maxFcoeSize;
    private final Consumer<ByteBuf> output;
    private final Consumer<Neighbour> lost;
    private final Random random;
    private final Map<Integer, Neighbour> neighbours = new ConcurrentHashMap<>();
    private volatile int portId;
    private State state = State.PROBE;
    private long next;
    private long claimSent = Long.MIN_VALUE / 2;
    private long extraBeacon = Long.MAX_VALUE;

    /**
     * @param output sends one whole Ethernet frame and releases it
     * @param lost told of a neighbour that expired or changed its names (its logins end)
     */
    public Vn2VnController(long enodeMac, long nodeName, long portName, int maxFcoeSize, Consumer<ByteBuf> output,
            Consumer<Neighbour> lost) {
        this.enodeMac = enodeMac;
        this.nodeName = nodeName;
        this.portName = portName;
        this.maxFcoeSize = maxFcoeSize;
        this.output = output;
        this.lost = lost;
        this.random = new Random(portName);
        this.portId = validId((int) (portName & 0xFFFF));
    }

    /** VN2VN: the VN_Port MAC of the claimed port ID (FC-MAP 0E:FD:00). */
    @Override
    public long portMac() {
        return MacAddress.vnPort(portId);
    }

    @Override
    public long peerMac(int remotePortId) {
        return MacAddress.vnPort(remotePortId);
    }

    /** The port ID claimed (or being probed). */
    @Override
    public int portId() {
        return portId;
    }

    @Override
    public synchronized boolean up() {
        return state == State.UP;
    }

    /** The neighbour of that port ID, or null. */
    public Neighbour neighbour(int id) {
        return neighbours.get(id);
    }

    /** Starts (or restarts) probing for the current port ID. */
    @Override
    public synchronized void start(long now) {
        state = State.PROBE;
        send(MacAddress.ALL_VN2VN, Fip.SC_PROBE_REQUEST);
        next = now + PROBE_WAIT + random.nextInt(PROBE_WAIT);
    }

    /** Runs the timers: claim after probing, up after the announce wait, beacons, neighbour expiry. */
    @Override
    public synchronized void tick(long now) {
        if (now >= next) {
            switch (state) {
                case PROBE -> {
                    claim(now);
                    state = State.CLAIM;
                    next = now + ANNOUNCE_WAIT;
                }
                case CLAIM, UP -> {
                    state = State.UP;
                    beacon(now);
                }
            }
        }
        if (state == State.UP && now >= extraBeacon) {
            beacon(now);
        }
        for (Neighbour n : neighbours.values()) {
            if (now - n.lastSeen() > BEACON_INTERVAL * 5L / 2) {
                neighbours.remove(n.portId());
                lost.accept(n);
            }
        }
    }

    /** Handles a received VN2VN frame (others are ignored). */
    @Override
    public synchronized void receive(FipFrame f, long now) {
        if (!f.completeVn2Vn() || f.portName() == portName && f.mac() == enodeMac) {
            return; // incomplete, or our own multicast looped back
        }
        boolean ours = f.portId() == portId;
        switch (f.subcode()) {
            case Fip.SC_PROBE_REQUEST -> {
                if (ours && state != State.PROBE) {
                    send(f.mac(), Fip.SC_PROBE_REPLY);
                } else if (ours) {
                    restart(now);
                }
            }
            case Fip.SC_PROBE_REPLY -> {
                if (ours && state == State.UP) {
                    claim(now);
                } else if (ours) {
                    restart(now);
                }
            }
            case Fip.SC_CLAIM_NOTIFY -> {
                if (ours) {
                    if (Long.compareUnsigned(f.portName(), portName) > 0) {
                        restart(now);
                    } else {
                        claim(now);
                    }
                } else if (state != State.PROBE) {
                    send(f.mac(), Fip.SC_CLAIM_RESPONSE);
                    add(f, now);
                    // Linux logs in to a neighbour it learnt from a claim response on that neighbour's next
                    // beacon: send one soon instead of up to 8 s later.
                    extraBeacon = now + 200;
                }
            }
            case Fip.SC_CLAIM_RESPONSE -> {
                if (!ours && state != State.PROBE) {
                    add(f, now);
                }
            }
            case Fip.SC_BEACON -> {
                Neighbour n = neighbours.get(f.portId());
                if (n != null && n.portName() == f.portName() && n.nodeName() == f.nodeName()) {
                    neighbours.put(n.portId(), n.seen(now));
                } else if (state == State.UP && now - claimSent > ANNOUNCE_WAIT) {
                    claim(now);
                }
            }
            default -> {
                // other subcodes are not VN2VN's
            }
        }
    }

    private void add(FipFrame f, long now) {
        Neighbour old = neighbours.put(f.portId(),
                new Neighbour(f.portId(), f.mac(), f.portName(), f.nodeName(), f.fcoeSize(), now));
        if (old != null && (old.portName() != f.portName() || old.nodeName() != f.nodeName())) {
            lost.accept(old);
        }
    }

    private void restart(long now) {
        portId = validId(random.nextInt(0xFFFF));
        start(now);
    }

    private void claim(long now) {
        send(MacAddress.ALL_VN2VN, Fip.SC_CLAIM_NOTIFY);
        claimSent = now;
    }

    private void beacon(long now) {
        send(MacAddress.ALL_VN2VN, Fip.SC_BEACON);
        next = now + BEACON_INTERVAL;
        extraBeacon = Long.MAX_VALUE;
    }

    private void send(long destination, int subcode) {
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(256);
        Fip.vn2vn(out, destination, subcode, enodeMac, nodeName, portId, portName, maxFcoeSize);
        output.accept(out);
    }

    private static int validId(int id) {
        return id == 0 || id == 0xFFFF ? 1 : id;
    }
}
