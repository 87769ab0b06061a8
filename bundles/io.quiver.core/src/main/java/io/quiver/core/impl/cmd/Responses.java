package io.quiver.core.impl.cmd;

import io.netty.buffer.ByteBuf;
import io.quiver.core.impl.target.Task;

/** Completing core-answered commands with parameter data cut to the CDB's allocation length. Stateless. */
final class Responses {

    private Responses() {
    }

    /** Completes GOOD with {@code data} truncated to {@code allocationLength} (SPC-4 4.2.5.6). */
    static void send(Task task, ByteBuf data, long allocationLength) {
        if (data.readableBytes() > allocationLength) {
            data.writerIndex(data.readerIndex() + (int) allocationLength);
        }
        task.complete(data);
    }

    /** Writes {@code s} as a space-padded ASCII field of {@code width} bytes. */
    static void ascii(ByteBuf out, String s, int width) {
        for (int i = 0; i < width; i++) {
            out.writeByte(i < s.length() ? s.charAt(i) : ' ');
        }
    }
}
