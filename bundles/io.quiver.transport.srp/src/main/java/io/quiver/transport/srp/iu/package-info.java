/**
 * SRP information units (SRP r16a, T10/1415-D, with the immediate data of SRP-2) encoded on and decoded from
 * Netty buffers: the target driver and Java test initiators share them.
 *
 * <p>Decoders read one received IU (the whole receive buffer of one SEND, or the private data of an RDMA CM
 * connection request), check it more strictly than SCST's {@code ib_srpt} (IU length per opcode, descriptor
 * counts against lengths, offsets, reserved code values) and throw {@link io.quiver.transport.srp.iu.SrpProtocolException}
 * naming the offending field and the reply it deserves. Payloads (CDB, immediate data, sense) are slices of the
 * received buffer, never copies: they are valid as long as that buffer is, and the decoder neither retains nor
 * releases it. Encoders append to a caller's buffer. Values are immutable; every type is safe on any thread.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.quiver.transport.srp.iu;
