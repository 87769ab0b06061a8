package io.quiver.transport.fcoe.impl.fip;

/**
 * How a local VN_Port gets and keeps its port ID over FIP: VN2VN ({@link Vn2VnController}) or through an FCF
 * ({@link FabricController}). Frames come in through {@link #receive}, time through {@link #tick}; both may be
 * called from different threads (implementations serialise them) and never block.
 */
public interface FipController {

    /** Starts (or restarts) getting a port ID. */
    void start(long now);

    /** Runs the timers. */
    void tick(long now);

    /** Handles one received FIP frame (FIP-encapsulated ELS requests are the port's, not this). */
    void receive(FipFrame frame, long now);

    /** The port ID (0 before one is had). */
    int portId();

    /** Whether the VN_Port has its port ID and may log in and be logged in to. */
    boolean up();

    /** The MAC FCoE frames of the VN_Port leave from and arrive at. */
    long portMac();

    /** The MAC FCoE frames to {@code remotePortId} go to: its VN_Port MAC in VN2VN, the FCF's in a fabric. */
    long peerMac(int remotePortId);
}
