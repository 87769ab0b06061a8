package io.quiver.transport.iscsi.impl.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quiver.iscsi.login.IscsiKey;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * libiscsi's iscsi-test-cu, iSCSI family (CmdSN window, DataSN, residuals, TMF), against the listener and
 * the test core. The SCSI families need the real core and handlers and run in itests.
 */
class IscsiTestCuTest {

    private static String run(TestTargets targets, String tests) throws Exception {
        assumeTrue(new File("/usr/bin/iscsi-test-cu").canExecute(), "iscsi-test-cu not installed");
        Process p = new ProcessBuilder("/usr/bin/iscsi-test-cu", "-d", "-n", "-t", tests, targets.url(0))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "iscsi-test-cu timed out");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Asserts the CUnit run summary: {@code expectedTests} ran, none failed. */
    private static void assertPassed(String out, int expectedTests) {
        Matcher m = Pattern.compile("tests\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        assertEquals(expectedTests, Integer.parseInt(m.group(2)), out);
        assertEquals("0", m.group(4), out);
    }

    @Test
    void cmdSnResidualsAndTaskManagement() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            assertPassed(run(targets, "iSCSI.iSCSIcmdsn"), 2);
            assertPassed(run(targets, "iSCSI.iSCSIResiduals"), 10);
            assertPassed(run(targets, "iSCSI.iSCSITMF"), 2);
        }
    }

    /** A DataSN error fails the command and keeps the connection, with ImmediateData=No ... */
    @Test
    void dataSnErrorsFailTheCommand() throws Exception {
        try (TestTargets targets = new TestTargets(List.of(), null, Map.of(IscsiKey.IMMEDIATE_DATA, "No"))) {
            assertPassed(run(targets, "iSCSI.iSCSIdatasn"), 1);
        }
    }

    /**
     * ... and with the default ImmediateData=Yes: had the target dropped the connection, libiscsi would
     * log in again, negotiate ImmediateData=Yes afresh and send the next one-block write as immediate data,
     * where no DataSN can be wrong, and that write would succeed.
     */
    @Test
    void dataSnErrorsFailTheCommandWithImmediateData() throws Exception {
        try (TestTargets targets = new TestTargets()) {
            assertPassed(run(targets, "iSCSI.iSCSIdatasn"), 1);
        }
    }
}
