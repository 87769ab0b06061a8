package io.quiver.transport.srp.iu;

import io.netty.buffer.ByteBuf;

/**
 * One SRP information unit, decoded or about to be encoded. Every IU starts with its type code and carries an
 * 8-byte TAG at offset 8, which SRP treats as opaque (Linux sends it in host order; here it is the 8 bytes read
 * big-endian, so it goes back out byte for byte). Implementations are immutable records.
 */
public sealed interface SrpIu permits LoginRequest, LoginResponse, LoginReject, InitiatorLogout, TargetLogout,
        TaskManagementIu, CommandIu, ResponseIu, CreditRequest, CreditResponse, AerRequest, AerResponse {

    /** The information unit type code ({@link Srp#CMD} ...). */
    int opcode();

    /** The TAG. */
    long tag();

    /** Appends the IU to {@code out}, exactly as many bytes as SRP r16a defines for it. */
    void encode(ByteBuf out);
}
