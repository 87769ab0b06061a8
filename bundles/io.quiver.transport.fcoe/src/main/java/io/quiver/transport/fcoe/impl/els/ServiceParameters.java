package io.quiver.transport.fcoe.impl.els;

import io.netty.buffer.ByteBuf;

/**
 * The FLOGI/PLOGI payload (FC-LS-3 6.6, 116 bytes): common service parameters, port and node name, class 3
 * service parameters. Written for LS_ACC and read from requests. Stateless.
 */
public final class ServiceParameters {

    public static final int LENGTH = 116;
    private static final int CONTINUOUSLY_INCREASING_OFFSET = 0x8000;
    private static final int CLASS_VALID = 0x8000;
    private static final int SEQUENTIAL_DELIVERY = 0x0800;

    private ServiceParameters() {
    }

    /**
     * Appends an LS_ACC carrying this port's service parameters; the word after the receive data field size is
     * R_A_TOV in a FLOGI LS_ACC, total concurrent sequences and relative offset categories in a PLOGI one.
     */
    public static void writeAccept(ByteBuf out, boolean flogi, long portName, long nodeName, int receiveDataFieldSize) {
        out.writeInt(Els.LS_ACC << 24);
        out.writeByte(0x20).writeByte(0x20).writeShort(10); // FC-PH version 2.0, buffer-to-buffer credit
        out.writeShort(CONTINUOUSLY_INCREASING_OFFSET).writeShort(receiveDataFieldSize);
        if (flogi) {
            out.writeInt(Els.R_A_TOV);
        } else {
            out.writeShort(0xFF).writeShort(0x1F); // total concurrent sequences, relative offset by category
        }
        out.writeInt(Els.E_D_TOV);
        out.writeLong(portName).writeLong(nodeName);
        out.writeZero(32); // classes 1 and 2
        out.writeShort(CLASS_VALID | SEQUENTIAL_DELIVERY).writeShort(0).writeShort(0).writeShort(receiveDataFieldSize)
                .writeShort(0xFF).writeShort(0).writeByte(0).writeByte(1).writeShort(0);
        out.writeZero(16); // class 4
        out.writeZero(16); // vendor version level
    }

    /** The port name of a FLOGI/PLOGI request or accept. */
    public static long portName(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 20);
    }

    public static long nodeName(ByteBuf payload) {
        return payload.getLong(payload.readerIndex() + 28);
    }

    /**
     * The largest data field the sender receives: the smaller of the common and the class 3 value, each only
     * where it is at least 256 bytes (as libfc reads it).
     */
    public static int receiveDataFieldSize(ByteBuf payload, int limit) {
        int at = payload.readerIndex();
        int size = limit;
        int common = payload.getUnsignedShort(at + 10) & 0xFFF;
        if (common >= 256 && common < size) {
            size = common;
        }
        int class3 = payload.getUnsignedShort(at + 68 + 6);
        if ((payload.getUnsignedShort(at + 68) & CLASS_VALID) != 0 && class3 >= 256 && class3 < size) {
            size = class3;
        }
        return size & ~3;
    }
}
