package io.quiver.transport.fcoe.impl.els;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.transport.fcoe.impl.frame.FcHeader;

/**
 * Answers the extended link services a target port receives (FC-LS-3): FLOGI (point-to-point, as VN2VN uses
 * it), PLOGI, LOGO, PRLI and PRLO for FCP, ADISC, RTV, RLS, ECHO, RRQ and REC (the state of an open FCP
 * exchange, which Linux's libfc asks for when a command times out before it aborts it). Requests other than FLOGI, PLOGI and
 * LOGO from a port without a port login get LS_RJT "PLOGI required"; unknown commands LS_RJT "command not
 * supported"; short payloads LS_RJT "logical error". Stateless apart from the names; login state lives in the
 * {@link LoginTable}. Called on the port's receive thread.
 */
public final class ElsResponder {

    private final long portName;
    private final long nodeName;
    private final int receiveDataFieldSize;

    public ElsResponder(long portName, long nodeName, int receiveDataFieldSize) {
        this.portName = portName;
        this.nodeName = nodeName;
        this.receiveDataFieldSize = receiveDataFieldSize;
    }

    /** The reply to one ELS request from {@code header.sId()} with {@code payload} (not consumed). */
    public ElsReply answer(FcHeader header, ByteBuf payload, LoginTable logins) {
        int length = payload.readableBytes();
        if (length < 4) {
            return reject(Els.REASON_LOGICAL_ERROR, Els.EXPLANATION_INVALID_LENGTH);
        }
        int command = payload.getUnsignedByte(payload.readerIndex());
        int source = header.sId();
        switch (command) {
            case Els.FLOGI, Els.PLOGI -> {
                if (length < ServiceParameters.LENGTH) {
                    return reject(Els.REASON_LOGICAL_ERROR, Els.EXPLANATION_INVALID_LENGTH);
                }
                logins.portLogout(source);
                if (command == Els.PLOGI) {
                    logins.portLogin(source, ServiceParameters.portName(payload), ServiceParameters.nodeName(payload),
                            ServiceParameters.receiveDataFieldSize(payload, receiveDataFieldSize));
                }
                ByteBuf out = alloc(ServiceParameters.LENGTH);
                ServiceParameters.writeAccept(out, command == Els.FLOGI, portName, nodeName, receiveDataFieldSize);
                return new ElsReply(out, false);
            }
            case Els.LOGO -> {
                logins.portLogout(source);
                return accept(0);
            }
            case Els.RSCN -> {
                // the fabric controller's state change notification: accepted; this target originates no
                // logins, so it has nothing to rediscover
                return accept(0);
            }
            default -> {
                // everything else needs a port login first
            }
        }
        if (!logins.loggedIn(source)) {
            return reject(Els.REASON_UNABLE_TO_PERFORM, Els.EXPLANATION_PLOGI_REQUIRED);
        }
        return switch (command) {
            case Els.PRLI, Els.PRLO -> processLogin(command, payload, source, logins);
            case Els.ADISC -> {
                ByteBuf out = accept(24).payload();
                out.writeInt(header.dId()).writeLong(portName).writeLong(nodeName).writeInt(header.dId());
                yield new ElsReply(out, false);
            }
            case Els.RTV -> {
                ByteBuf out = accept(12).payload();
                out.writeInt(Els.R_A_TOV).writeInt(Els.E_D_TOV).writeInt(0);
                yield new ElsReply(out, false);
            }
            case Els.RLS -> {
                ByteBuf out = accept(24).payload();
                out.writeZero(24); // link error status block: no failures, losses or CRC errors counted
                yield new ElsReply(out, false);
            }
            case Els.ECHO -> {
                ByteBuf out = accept(length - 4).payload();
                out.writeBytes(payload, payload.readerIndex() + 4, length - 4);
                yield new ElsReply(out, false);
            }
            case Els.RRQ -> accept(0);
            case Els.REC -> length < 12 ? reject(Els.REASON_LOGICAL_ERROR, Els.EXPLANATION_INVALID_LENGTH)
                    : readExchangeConcise(header, payload, logins);
            default -> reject(Els.REASON_NOT_SUPPORTED, Els.EXPLANATION_NONE);
        };
    }

    /** PRLI/PRLO with one FCP service parameter page (FC-LS-3 6.10, FCP-4 6.3). */
    private ElsReply processLogin(int command, ByteBuf payload, int source, LoginTable logins) {
        int at = payload.readerIndex();
        int pageLength = payload.getUnsignedByte(at + 1);
        int total = payload.getUnsignedShort(at + 2);
        if (pageLength != 16 || total < 20 || total > payload.readableBytes()) {
            return reject(Els.REASON_LOGICAL_ERROR, Els.EXPLANATION_INVALID_LENGTH);
        }
        int type = payload.getUnsignedByte(at + 4);
        int flags = payload.getUnsignedByte(at + 6);
        int response;
        if (type != Els.FC_TYPE_FCP) {
            response = 0x08; // service parameters: type not supported
        } else if (command == Els.PRLO) {
            logins.processLogout(source);
            response = Els.SPP_RESPONSE_ACCEPTED;
        } else if (logins.processLogin(source)) {
            response = Els.SPP_RESPONSE_ACCEPTED;
        } else {
            response = Els.SPP_RESPONSE_NO_IMAGE_PAIR;
        }
        ByteBuf out = alloc(20);
        out.writeByte(Els.LS_ACC).writeByte(16).writeShort(20);
        out.writeByte(type).writeByte(0);
        boolean pair = command == Els.PRLI && response == Els.SPP_RESPONSE_ACCEPTED
                && (flags & Els.SPP_ESTABLISH_IMAGE_PAIR) != 0;
        out.writeByte((pair ? Els.SPP_ESTABLISH_IMAGE_PAIR : 0) | response).writeByte(0);
        out.writeInt(0).writeInt(0);
        out.writeInt(command == Els.PRLI ? Els.FCP_TARGET_FUNCTION | Els.FCP_READ_XFER_RDY_DISABLED : 0);
        return new ElsReply(out, false);
    }

    /**
     * REC (FC-LS-3 4.2.26): request word 1 the originator's port ID, word 2 OX_ID and RX_ID (FFFFh if not
     * known yet). LS_ACC: OX_ID, our RX_ID, originator and responder port IDs, the FC-4 value (FCP data
     * transfer count) and E_STAT. An exchange this port does not have (or whose RX_ID differs) gets LS_RJT
     * "unable to perform / invalid OX_ID-RX_ID combination", on which Linux retries the command at once
     * instead of waiting for ABTS; a REC on behalf of another originator gets "invalid originator S_ID".
     */
    private static ElsReply readExchangeConcise(FcHeader header, ByteBuf payload, LoginTable logins) {
        int at = payload.readerIndex();
        int originator = payload.getUnsignedMedium(at + 5);
        int oxId = payload.getUnsignedShort(at + 8);
        int rxId = payload.getUnsignedShort(at + 10);
        if (originator != header.sId()) {
            return reject(Els.REASON_UNABLE_TO_PERFORM, Els.EXPLANATION_INVALID_ORIGINATOR);
        }
        ExchangeStatus status = logins.exchange(originator, oxId);
        if (status == null || (rxId != 0xFFFF && rxId != status.rxId())) {
            return reject(Els.REASON_UNABLE_TO_PERFORM, Els.EXPLANATION_INVALID_OX_RX);
        }
        ByteBuf out = accept(20).payload();
        out.writeShort(oxId).writeShort(status.rxId()).writeInt(originator).writeInt(header.dId())
                .writeInt((int) Math.min(status.dataCount(), 0xFFFFFFFFL)).writeInt(status.eStat());
        return new ElsReply(out, false);
    }

    private static ElsReply accept(int extra) {
        ByteBuf out = alloc(4 + extra);
        out.writeInt(Els.LS_ACC << 24);
        return new ElsReply(out, false);
    }

    /** An LS_RJT with {@code reason} and {@code explanation}. */
    public static ElsReply reject(int reason, int explanation) {
        ByteBuf out = alloc(8);
        out.writeInt(Els.LS_RJT << 24).writeByte(0).writeByte(reason).writeByte(explanation).writeByte(0);
        return new ElsReply(out, true);
    }

    private static ByteBuf alloc(int size) {
        return ByteBufAllocator.DEFAULT.heapBuffer(size);
    }
}
