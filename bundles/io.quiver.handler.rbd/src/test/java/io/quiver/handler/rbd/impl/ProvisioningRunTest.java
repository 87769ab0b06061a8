package io.quiver.handler.rbd.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How librbd's byte extents become one GET LBA STATUS run of blocks, without a cluster. */
class ProvisioningRunTest {

    private static final int BS = 4096;

    private static long run(long lba, long blocks, long... offsetLength) {
        ProvisioningRun r = new ProvisioningRun(lba, blocks, BS);
        for (int i = 0; i < offsetLength.length; i += 2) {
            if (!r.extent(offsetLength[i], offsetLength[i + 1], true)) {
                break;
            }
        }
        return r.blocks();
    }

    @Test
    void nothingWrittenIsOneDeallocatedRunOfAllBlocksAsked() {
        assertEquals(-100, run(7, 100));
        ProvisioningRun r = new ProvisioningRun(7, 100, BS);
        assertEquals(7L * BS, r.offset());
        assertEquals(100L * BS, r.length());
    }

    @Test
    void aBlockWithAnyDataIsMapped() {
        assertEquals(1, run(0, 10, 100, 1), "one byte inside block 0");
        assertEquals(2, run(0, 10, BS - 1, 2), "two bytes across blocks 0 and 1");
        assertEquals(-1, run(0, 10, BS + 5, 10), "block 0 is empty up to the extent in block 1");
        assertEquals(2, run(1, 10, BS + 5, 10, 2 * BS + 7, 1), "blocks 1 and 2 touched, 3 not");
    }

    @Test
    void aMappedRunEndsOnlyAtAWholeEmptyBlock() {
        // a gap inside block 1 (between 1.2 and 1.8 blocks) leaves it mapped
        assertEquals(4, run(0, 10, 0, BS + 800, BS + 3000, 3 * BS - 3000));
        // a gap of one whole block (block 2) ends the run
        assertEquals(2, run(0, 10, 0, 2 * BS, 3 * BS, BS));
        assertEquals(4, run(0, 10, 0, 2 * BS + 1, 3 * BS, BS),
                "a gap of less than one block does not (block 2 has a byte)");
    }

    @Test
    void theRunIsCappedAndExtentsOutsideItAreIgnored() {
        assertEquals(5, run(10, 5, 0, 100L * BS), "capped at the blocks asked for");
        assertEquals(-5, run(10, 5, 20L * BS, BS), "data past the run");
        assertEquals(3, run(10, 5, 0, 13L * BS), "data before the run that reaches into it");
    }

    @Test
    void oneRunListsAtMostOneGibibyte() {
        ProvisioningRun r = ProvisioningRun.bounded(3, Long.MAX_VALUE / BS / 2, BS);
        assertEquals(3L * BS, r.offset());
        assertEquals(1L << 30, r.length());
        assertEquals(-(1L << 30) / BS, r.blocks());
        assertEquals(10L * BS, ProvisioningRun.bounded(3, 10, BS).length());
    }

    @Test
    void theFirstExtentThatDecidesStopsTheListing() {
        ProvisioningRun r = new ProvisioningRun(0, 10, BS);
        assertTrue(r.extent(0, BS, true));
        assertFalse(r.extent(5L * BS, BS, true), "block 1 is empty: decided");
        assertFalse(r.extent(6L * BS, BS, true), "later extents change nothing");
        assertEquals(1, r.blocks());
        ProvisioningRun holes = new ProvisioningRun(0, 10, BS);
        assertTrue(holes.extent(0, 3L * BS, false), "an extent that does not exist is no data");
        assertEquals(-10, holes.blocks());
    }
}
