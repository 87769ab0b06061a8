package io.quiver.spi.cluster;

/**
 * One version of a device's shared reservation state: the core's encoding (opaque to the store) and the
 * store's version of it, which a {@link ReservationStore#compareAndSet} must name to replace it. Immutable.
 *
 * @param data the core's encoded state; empty when none was ever written
 * @param version the store's version of {@code data}; {@link #ABSENT} when none was ever written
 */
public record SharedState(byte[] data, long version) {

    /** The version of a device's state that was never written. */
    public static final long ABSENT = -1;

    public SharedState {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Whether no state was ever written for the device. */
    public boolean absent() {
        return version == ABSENT;
    }
}
