package io.quiver.transport.iscsi.impl.iser;

/**
 * An iSER message that breaks RFC 7145 at the iSER layer (a short message, an unknown iSER opcode, a Hello
 * where none belongs, an iSCSI PDU longer than its message). The connection that received it is terminated:
 * RFC 7145 has no reject at this layer, and the other connections go on. Immutable.
 */
public final class IserProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    public IserProtocolException(String message) {
        super(message);
    }
}
