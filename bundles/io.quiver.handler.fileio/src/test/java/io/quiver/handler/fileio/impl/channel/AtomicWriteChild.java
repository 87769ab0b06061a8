package io.quiver.handler.fileio.impl.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The process {@link TornWriteTest} kills: writes {@link #UNITS} units of {@link #UNIT_BLOCKS} blocks
 * over and over, each block stamped with the write's generation, until it is killed. Each unit's data is
 * a composite buffer of one component per block, as a WRITE's data-out arrives in several PDUs, so the
 * in-place write takes one {@code pwrite} per block and a plain write can be cut between them.
 *
 * <p>The blocks are direct buffers allocated once and refilled for every write: a fresh direct buffer per
 * block made the loop spend most of its time allocating between writes (and, when direct memory ran short,
 * in {@code System.gc()} stalls), so most kills landed between units and a plain write was rarely cut.
 *
 * <p>Arguments: data file, {@code atomic} or {@code plain}. Prints {@code ready} after the first write.
 */
public final class AtomicWriteChild {

    static final int BLOCK = 512;
    static final int UNIT_BLOCKS = 64;
    static final int UNITS = 8;

    private AtomicWriteChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean atomic = args[1].equals("atomic");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        AtomicJournal journal = AtomicJournal.open(AtomicJournal.journalOf(file), ch, 0);
        ChannelBlockStore store = new ChannelBlockStore(ch, BLOCK, UNITS * UNIT_BLOCKS, 0, false, null, false,
                journal);
        long generation = System.nanoTime();
        ByteBuf[] blocks = new ByteBuf[UNIT_BLOCKS];
        for (int b = 0; b < UNIT_BLOCKS; b++) {
            blocks[b] = Unpooled.directBuffer(BLOCK);
        }
        for (long i = 0;; i++) {
            int unit = (int) (i % UNITS);
            ByteBuf data = unitData(blocks, generation + i, unit);
            try {
                if (atomic) {
                    store.writeAtomic((long) unit * UNIT_BLOCKS, data, false);
                } else {
                    store.write((long) unit * UNIT_BLOCKS, data, false);
                }
            } finally {
                data.release();
            }
            if (i == 0) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }

    /**
     * One unit over {@code blocks}, refilled: every block starts with the generation and the unit number, and
     * is filled after them. Releasing the result gives each block back its own reference.
     */
    static ByteBuf unitData(ByteBuf[] blocks, long generation, int unit) {
        CompositeByteBuf c = Unpooled.compositeBuffer(UNIT_BLOCKS);
        for (int b = 0; b < UNIT_BLOCKS; b++) {
            ByteBuf block = blocks[b].clear().retain();
            block.writeLong(generation).writeInt(unit).writeInt(b);
            while (block.isWritable()) {
                block.writeByte((int) (generation + b));
            }
            c.addComponent(true, block);
        }
        return c;
    }
}
