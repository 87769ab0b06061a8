package io.quiver.core.impl.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quiver.core.impl.PipelineLogCounterSourceAccess;
import io.quiver.scsi.AdditionalSense;
import io.quiver.scsi.ScsiOpcode;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.SenseKey;
import io.quiver.transport.local.LocalRequest;
import io.quiver.transport.local.LocalSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitLogCountersTest {

    @TempDir
    Path dir;

    @Test
    void errorsGoToTheirLogPages() {
        UnitLogCounters c = new UnitLogCounters();
        SenseData medium = SenseData.of(SenseKey.MEDIUM_ERROR, AdditionalSense.UNRECOVERED_READ_ERROR);
        c.record(ScsiOpcode.READ_10, ScsiStatus.CHECK_CONDITION, medium, 0, 0);
        c.record(ScsiOpcode.WRITE_16, ScsiStatus.CHECK_CONDITION, medium, 0, 0);
        c.record(ScsiOpcode.VERIFY_10, ScsiStatus.CHECK_CONDITION,
                SenseData.of(SenseKey.MISCOMPARE, AdditionalSense.MISCOMPARE_DURING_VERIFY_OPERATION), 0, 0);
        c.record(ScsiOpcode.READ_10, ScsiStatus.CHECK_CONDITION, SenseData.invalidFieldInCdb(2, -1), 0, 0);
        c.record(ScsiOpcode.READ_10, ScsiStatus.CHECK_CONDITION,
                SenseData.of(SenseKey.UNIT_ATTENTION, AdditionalSense.CAPACITY_DATA_HAS_CHANGED), 0, 0);
        assertEquals(1, c.readErrors());
        assertEquals(1, c.writeErrors());
        assertEquals(1, c.verifyErrors());
        assertEquals(1, c.nonMediumErrors());
        assertEquals(3, c.readCommands());
        assertEquals(1, c.writeCommands());
        assertEquals(1, c.otherCommands());
        c.reset();
        assertEquals(0, c.readCommands() + c.readErrors());
    }

    @Test
    void thePipelineFeedsTheCountersOfEachUnit() {
        try (Harness h = new Harness(dir)) {
            h.device("d0");
            h.lun(0, "d0");
            LocalSession s = h.login("iqn.a");
            LogicalUnit u = h.core.unit("d0");
            s.execute(LocalRequest.of(0, 0x2A, 0, 0, 0, 0, 0, 0, 0, 2, 0).dataOut(new byte[1024]));
            s.execute(LocalRequest.of(0, 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0).dataIn(512));
            assertEquals(1, u.logCounters().writeCommands());
            assertEquals(1024, u.logCounters().bytesWritten());
            assertEquals(512, u.logCounters().bytesRead());
            assertSame(u.logCounters(), PipelineLogCounterSourceAccess.countersFor(u));
        }
    }
}
