package io.quiver.transport.srp.impl;

import io.quiver.transport.srp.iu.Srp;
import io.quiver.transport.srp.iu.SrpPortId;

/**
 * What an SRP target port allows a login: its identity and the limits ib_srpt takes from module parameters
 * ({@code srp_max_req_size}, {@code srp_max_rsp_size}, {@code srpt_srq_size}). Immutable.
 *
 * @param targetPortId id_ext + ioc_guid
 * @param maxItIuLength the largest REQUESTED MAXIMUM INITIATOR TO TARGET IU LENGTH accepted (the receive
 *        buffer size); Linux's ib_srp asks 8260 with immediate data
 * @param maxTiIuLength MAXIMUM TARGET TO INITIATOR IU LENGTH: bounds SRP_RSP (sense is truncated to fit)
 * @param requestLimit the initial credit grant: receive buffers per channel for requests
 * @param multiChannel whether MULTI-CHANNEL ACTION MULTI is allowed
 * @param maxChannelsPerNexus the most RDMA channels of one I_T nexus
 * @param immediateData whether SRP-2 immediate data is granted when asked for
 */
public record ChannelLimits(SrpPortId targetPortId, int maxItIuLength, int maxTiIuLength, int requestLimit,
        boolean multiChannel, int maxChannelsPerNexus, boolean immediateData) {

    /** The buffer formats this target supports: direct and indirect (immediate is negotiated by flag). */
    public static final int SUPPORTED_BUFFER_FORMATS = Srp.BUFFER_FORMAT_DIRECT | Srp.BUFFER_FORMAT_INDIRECT;

    /** Checks ranges. */
    public ChannelLimits {
        if (maxItIuLength < Srp.MIN_IT_IU_LENGTH || maxTiIuLength < Srp.RSP_LENGTH + 4 || requestLimit < 1
                || maxChannelsPerNexus < 1) {
            throw new IllegalArgumentException("bad SRP channel limits");
        }
    }

    /** ib_srpt-like defaults: 8260-byte requests (8 KiB immediate data at 68), 256-byte responses, 128 credits. */
    public static ChannelLimits defaults(SrpPortId targetPortId) {
        return new ChannelLimits(targetPortId, 8260, 256, 128, true, 8, true);
    }
}
