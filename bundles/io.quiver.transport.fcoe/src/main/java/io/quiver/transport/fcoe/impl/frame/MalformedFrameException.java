package io.quiver.transport.fcoe.impl.frame;

/**
 * A received frame that does not follow FC-BB-6 or FC-FS: it is dropped (and counted), never answered, as
 * FC-FS requires for frames with bad CRC or delimiters.
 */
public final class MalformedFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
