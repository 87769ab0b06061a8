package io.quiver.rdma;

/** No RDMA device exists, or none serves the address asked for; the message says which and what to check. */
public class NoRdmaDeviceException extends RdmaException {
    private static final long serialVersionUID = 1L;

    /** No device, as {@code message} explains. */
    public NoRdmaDeviceException(String message) {
        super(message);
    }
}
