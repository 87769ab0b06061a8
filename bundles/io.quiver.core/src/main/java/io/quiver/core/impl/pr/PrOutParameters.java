package io.quiver.core.impl.pr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The PERSISTENT RESERVE OUT CDB fields and parameter list (SPC-4 6.17.3 basic, 6.17.4 REGISTER AND
 * MOVE), decoded and validated. Immutable once parsed.
 */
final class PrOutParameters {

    static final int REGISTER = 0x00;
    static final int RESERVE = 0x01;
    static final int RELEASE = 0x02;
    static final int CLEAR = 0x03;
    static final int PREEMPT = 0x04;
    static final int PREEMPT_AND_ABORT = 0x05;
    static final int REGISTER_AND_IGNORE_EXISTING_KEY = 0x06;
    static final int REGISTER_AND_MOVE = 0x07;

    static final int BASIC_LENGTH = 24;

    final int serviceAction;
    final int scope;
    final int typeCode;
    final long key;
    final long serviceActionKey;
    final boolean specIpt;
    final boolean allTgPt;
    final boolean aptpl;
    /** REGISTER AND MOVE only. */
    final boolean unregister;
    /** REGISTER AND MOVE only. */
    final int relativeTargetPortId;
    /** SPEC_I_PT TransportIDs, or the single REGISTER AND MOVE destination. */
    final List<byte[]> transportIds;

    private PrOutParameters(ByteBuf cdb, ByteBuf list, List<byte[]> tids) {
        int c = cdb.readerIndex();
        int p = list.readerIndex();
        serviceAction = cdb.getUnsignedByte(c + 1) & 0x1F;
        scope = cdb.getUnsignedByte(c + 2) >> 4;
        typeCode = cdb.getUnsignedByte(c + 2) & 0x0F;
        key = list.getLong(p);
        serviceActionKey = list.getLong(p + 8);
        int flags = list.getUnsignedByte(p + (serviceAction == REGISTER_AND_MOVE ? 17 : 20));
        boolean move = serviceAction == REGISTER_AND_MOVE;
        specIpt = !move && (flags & 0x08) != 0;
        allTgPt = !move && (flags & 0x04) != 0;
        unregister = move && (flags & 0x02) != 0;
        aptpl = (flags & 0x01) != 0;
        relativeTargetPortId = move ? list.getUnsignedShort(p + 18) : 0;
        transportIds = tids;
    }

    /** The CDB's PARAMETER LIST LENGTH field (bytes 5..8). */
    static long parameterListLength(ByteBuf cdb) {
        return cdb.getUnsignedInt(cdb.readerIndex() + 5);
    }

    /** The PR type of the CDB, validating SCOPE (only LU_SCOPE) and TYPE. */
    PrType requireType() throws PrFailure {
        if (scope != 0) {
            throw PrFailure.invalidCdb(2, 7);
        }
        PrType t = PrType.fromCode(typeCode);
        if (t == null) {
            throw PrFailure.invalidCdb(2, 3);
        }
        return t;
    }

    /**
     * Decodes a parameter list of exactly the length the CDB gave.
     *
     * @throws PrFailure PARAMETER LIST LENGTH ERROR or INVALID FIELD IN PARAMETER LIST
     */
    static PrOutParameters parse(ByteBuf cdb, ByteBuf list) throws PrFailure {
        int sa = cdb.getUnsignedByte(cdb.readerIndex() + 1) & 0x1F;
        int len = list.readableBytes();
        int p = list.readerIndex();
        if (len < BASIC_LENGTH) {
            throw PrFailure.parameterListLength();
        }
        List<byte[]> tids = new ArrayList<>();
        if (sa == REGISTER_AND_MOVE) {
            long tidLen = list.getUnsignedInt(p + 20);
            if (BASIC_LENGTH + tidLen > len) {
                throw PrFailure.parameterListLength();
            }
            int n = TransportIds.lengthAt(list, p + BASIC_LENGTH, p + BASIC_LENGTH + (int) tidLen);
            if (n < 0) {
                throw PrFailure.invalidParameter(BASIC_LENGTH, -1);
            }
            tids.add(TransportIds.copy(list, p + BASIC_LENGTH, n));
        } else if ((list.getUnsignedByte(p + 20) & 0x08) != 0 && sa == REGISTER) {
            if (len < BASIC_LENGTH + 4) {
                throw PrFailure.parameterListLength();
            }
            long tidLen = list.getUnsignedInt(p + BASIC_LENGTH);
            if (BASIC_LENGTH + 4 + tidLen > len) {
                throw PrFailure.parameterListLength();
            }
            int at = p + BASIC_LENGTH + 4;
            int end = at + (int) tidLen;
            while (at < end) {
                int n = TransportIds.lengthAt(list, at, end);
                if (n < 0) {
                    throw PrFailure.invalidParameter(at - p, -1);
                }
                tids.add(TransportIds.copy(list, at, n));
                at += n;
            }
        } else if (len != BASIC_LENGTH) {
            throw PrFailure.parameterListLength();
        }
        return new PrOutParameters(cdb, list, List.copyOf(tids));
    }
}
