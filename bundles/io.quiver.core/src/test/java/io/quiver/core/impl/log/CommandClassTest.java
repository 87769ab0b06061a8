package io.quiver.core.impl.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.core.impl.pr.FakeNexus;
import io.quiver.core.impl.pr.FakeTask;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiOpcode;
import org.junit.jupiter.api.Test;

/** The one opcode classification both log counter sources use. */
class CommandClassTest {

    @Test
    void classifiesTheMediumCommandsAndLeavesTheRestOther() {
        assertClass(CommandClass.READ, ScsiOpcode.READ_6, ScsiOpcode.READ_10, ScsiOpcode.READ_12, ScsiOpcode.READ_16);
        assertClass(CommandClass.WRITE, ScsiOpcode.WRITE_6, ScsiOpcode.WRITE_10, ScsiOpcode.WRITE_12, ScsiOpcode.WRITE_16,
                ScsiOpcode.WRITE_AND_VERIFY_10, ScsiOpcode.WRITE_AND_VERIFY_12, ScsiOpcode.WRITE_AND_VERIFY_16,
                ScsiOpcode.WRITE_SAME_10, ScsiOpcode.WRITE_SAME_16, ScsiOpcode.COMPARE_AND_WRITE);
        assertClass(CommandClass.VERIFY, ScsiOpcode.VERIFY_10, ScsiOpcode.VERIFY_12, ScsiOpcode.VERIFY_16);
        assertClass(CommandClass.OTHER, ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.INQUIRY, ScsiOpcode.SYNCHRONIZE_CACHE_10);
    }

    private static void assertClass(CommandClass expected, int... opcodes) {
        for (int op : opcodes) {
            assertEquals(expected, CommandClass.of(op), ScsiOpcode.name(op));
        }
    }

    @Test
    void observedCountersCountRequestedBytesAndVerifiesAsOtherCommands() {
        FakeNexus nexus = FakeNexus.of("iqn.2026-01.test:a");
        ObservedCounters c = new ObservedCounters();
        for (int op : new int[] {ScsiOpcode.READ_10, ScsiOpcode.WRITE_16, ScsiOpcode.WRITE_SAME_10, ScsiOpcode.VERIFY_16}) {
            try (FakeTask t = FakeTask.of(nexus, DataDirection.NONE, op, 0, 0, 0, 0, 0, 0, 0, 0, 0)) {
                c.observe(t);
            }
        }
        assertEquals(1, c.readCommands());
        assertEquals(2, c.writeCommands());
        assertEquals(1, c.otherCommands());
        assertEquals(4096, c.bytesRead());
        assertEquals(2 * 4096, c.bytesWritten());
        assertEquals(0, c.verifyErrors() + c.readErrors() + c.writeErrors() + c.nonMediumErrors());
        c.reset();
        assertEquals(0, c.readCommands() + c.writeCommands() + c.otherCommands() + c.bytesRead() + c.bytesWritten());
    }
}
