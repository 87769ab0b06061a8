package io.quiver.sbc.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.sbc.SbcOptions;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.SenseKey;
import io.quiver.spi.device.CommandDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchTest extends SbcTestSupport {

    @Test
    void unknownOpcodesAreInvalidWithTheFieldPointer() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        for (int op : new int[] {0x02, ScsiOpcode.READ_TOC_PMA_ATIP, ScsiOpcode.SEEK_10, 0xFF}) {
            TestTask t = run(e, cdb(op, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_COMMAND_OPERATION_CODE);
            assertEquals(0xC00000, t.await().sense().senseKeySpecific());
        }
    }

    @Test
    void everySupportedCommandIsDispatchedAndItsUsageMapStartsWithItsOpcode() {
        RecordingStore store = store(true);
        store.atomicBlocks = 8;
        SbcEngine e = engine(store, SbcOptions.defaults());
        List<CommandDescriptor> all = CommandTable.commands(true, true);
        for (CommandDescriptor c : all) {
            byte[] map = c.cdbUsageMap();
            assertEquals(c.opcode(), map[0] & 0xFF);
            assertEquals(0x07, map[map.length - 1], "CONTROL byte");
            byte[] cdb = new byte[map.length];
            cdb[0] = (byte) c.opcode();
            if (c.serviceAction() >= 0) {
                cdb[1] = (byte) c.serviceAction();
            }
            TestTask t = run(e, cdb);
            if (t.await().sense() != null) {
                assertTrue(t.await().sense().additionalSense() != AdditionalSense.INVALID_COMMAND_OPERATION_CODE,
                        () -> ScsiOpcode.name(c.opcode()));
            }
        }
        assertTrue(all.stream().anyMatch(c -> c.opcode() == ScsiOpcode.UNMAP));
        assertTrue(CommandTable.commands(false).stream().noneMatch(c -> c.opcode() == ScsiOpcode.UNMAP));
    }

    /** Fuzz finding: a CDB shorter than its group's length ended in INTERNAL TARGET FAILURE. */
    @Test
    void aCdbShorterThanItsGroupIsInvalidFieldInCdb() {
        SbcEngine e = engine(store(false), SbcOptions.defaults());
        for (byte[] c : new byte[][] {cdb(ScsiOpcode.READ_16, 0, 0, 0, 0, 0), cdb(ScsiOpcode.READ_10, 0, 0, 0, 0, 0),
                cdb(ScsiOpcode.READ_12, 0, 0, 0, 0, 0, 0, 0, 0, 0)}) {
            TestTask t = run(e, c);
            assertSense(t, SenseKey.ILLEGAL_REQUEST, AdditionalSense.INVALID_FIELD_IN_CDB);
            assertEquals(0xC00000, t.await().sense().senseKeySpecific(), "field pointer at the operation code");
        }
    }
}
