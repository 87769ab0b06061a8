package io.quiver.transport.fcoe.impl.els;

import io.netty.buffer.ByteBuf;

/**
 * The payload of an ELS reply (LS_ACC or LS_RJT), owned by whoever sends it.
 *
 * @param reject whether it is an LS_RJT
 */
public record ElsReply(ByteBuf payload, boolean reject) {
}
