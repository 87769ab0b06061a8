package io.quiver.rdma;

/** A post found the send queue full; nothing was posted (a send's or write's buffer was released). */
public class QueueFullException extends RdmaException {
    private static final long serialVersionUID = 1L;

    /** A full queue, as {@code message} says. */
    public QueueFullException(String message) {
        super(message);
    }
}
