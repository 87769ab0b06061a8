package io.quiver.rdma;

/**
 * The passive side rejected a connect request. Carries the reject's private data (SRP's LOGIN_REJ) as a
 * small copy, since it outlives the provider's event.
 */
public class ConnectionRejectedException extends RdmaException {
    private static final long serialVersionUID = 1L;

    private final byte[] privateData;

    /** A reject with {@code privateData} (empty when none came). */
    public ConnectionRejectedException(String message, byte[] privateData) {
        super(message);
        this.privateData = privateData.clone();
    }

    /** The reject's private data. */
    public byte[] privateData() {
        return privateData.clone();
    }
}
