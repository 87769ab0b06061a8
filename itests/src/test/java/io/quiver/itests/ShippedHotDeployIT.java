package io.quiver.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Hot deploy in the default distribution exactly as shipped (the tarball unpacked and started with
 * {@code bin/start}; no feature installed or removed by the test first): every transport and handler
 * feature is uninstalled and installed again, once with the Web Console page's buttons (its HTTP endpoints,
 * CSRF token and all) and once with {@code feature:uninstall}/{@code feature:install} in the shell, while a
 * retrying initiator writes to the fileio LUN 0 and checks that every acknowledged write reads back. A
 * removed handler's LUN waits and comes back. Then the fileio handler and the iSCSI transport themselves,
 * which take LUN 0 (or every session) with them: the data is there when they come back.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ShippedHotDeployIT {

    private static final int PORT_BASE = 30630;
    /** Every transport and handler feature the distribution ships (the loopback driver is not booted). */
    private static final List<String> PARTS = List.of("quiver-iscsi", "quiver-fileio", "quiver-blockio", "quiver-nullio",
            "quiver-ramdisk", "quiver-cdrom", "quiver-tape");
    /** The handlers that can go while LUN 0 (fileio) keeps serving. */
    private static final List<String> OTHER_HANDLERS = List.of("quiver-nullio", "quiver-blockio", "quiver-ramdisk", "quiver-cdrom",
            "quiver-tape");
    private static HotDeployment d;
    private static ConsoleClient console;

    @BeforeClass
    public static void start() throws Exception {
        d = HotDeployment.start("shipped-hot-deploy", PORT_BASE);
        String password = Files.readString(d.q.home().resolve("etc/admin.password")).trim();
        assertEquals("the console", 200, HttpProbe.awaitStatus("http://127.0.0.1:" + PORT_BASE + "/system/console/quiver",
                "admin", password, 200));
        console = new ConsoleClient(PORT_BASE, "admin", password);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (d != null) {
            d.close();
        }
    }

    @Test
    public void a_everyTransportAndHandlerIsInstalledByName() throws Exception {
        String list = d.client("feature:list -i");
        for (String part : PARTS) {
            String row = list.lines().filter(l -> l.startsWith(part + " ")).findFirst().orElse("");
            List<String> cells = List.of(row.split("\\s*[│|]\\s*"));
            assertTrue(part + " is installed by name (Required x) and started: " + list,
                    cells.size() > 3 && cells.get(2).equals("x") && cells.get(3).equals("Started"));
        }
        assertFalse("the umbrella is not booted: " + list, list.lines().anyMatch(l -> l.startsWith("quiver ")));
        Map<String, Map<String, Object>> offered = console.features();
        for (String part : PARTS) {
            assertEquals(part + " in the console: " + offered.get(part), true, offered.get(part).get("required"));
        }
    }

    @Test
    public void b_theConsoleButtonsRemoveAndAddBackEveryHandlerWhileLunZeroServes() throws Exception {
        String page = console.page();
        assertTrue(page.contains("null1"));
        String figures = FeatureCycles.cycleHandlersWhileLunZeroServes(d, FeatureCycles.console(console), OTHER_HANDLERS, 0);
        System.out.println("ShippedHotDeployIT console: LUN 0 while " + OTHER_HANDLERS + " left and came back: " + figures);
    }

    @Test
    public void c_theShellRemovesAndAddsBackEveryHandlerWhileLunZeroServes() throws Exception {
        String figures = FeatureCycles.cycleHandlersWhileLunZeroServes(d, FeatureCycles.shell(d), OTHER_HANDLERS, 1);
        System.out.println("ShippedHotDeployIT shell: LUN 0 while " + OTHER_HANDLERS + " left and came back: " + figures);
    }

    @Test
    public void d_aRemovedHandlersDeviceIsShownWaitingOnTheConsolePage() throws Exception {
        FeatureCycles.console(console).uninstall("quiver-nullio");
        d.awaitLun(1, false);
        String page = console.page();
        String row = page.substring(page.indexOf("data-path=\"/handlers/vdisk_nullio/null1\""));
        assertTrue(row, row.substring(0, row.indexOf("</tr>")).contains("waiting"));
        FeatureCycles.console(console).install("quiver-nullio");
        d.awaitLun(1, true);
    }

    @Test
    public void e_fileioAndTheIscsiTransportLeaveAndComeBackWithTheData() throws Exception {
        FeatureCycles.leaveAndComeBackWithTheData(d, FeatureCycles.console(console), "quiver-fileio", 2);
        FeatureCycles.leaveAndComeBackWithTheData(d, FeatureCycles.shell(d), "quiver-fileio", 3);
        FeatureCycles.leaveAndComeBackWithTheData(d, FeatureCycles.console(console), "quiver-iscsi", 4);
        FeatureCycles.leaveAndComeBackWithTheData(d, FeatureCycles.shell(d), "quiver-iscsi", 5);
    }

    @Test
    public void f_theConsoleShowsWhyKarafRefusesAndUnpinsAnUmbrella() throws Exception {
        Map<String, Object> job = console.feature("uninstall", "quiver-cdrom");
        assertEquals(job.toString(), "done", job.get("state"));
        job = console.feature("uninstall", "quiver-cdrom");
        assertEquals(job.toString(), "failed", job.get("state"));
        assertEquals("uninstall quiver-cdrom failed: quiver-cdrom is not installed", job.get("message"));
        assertEquals("done", console.feature("install", "quiver-cdrom").get("state"));

        // A user who installed the umbrella and no longer names the part (it stays: the umbrella requires it):
        // the part cannot be uninstalled by name in the shell, but the console's button still removes it.
        d.client("feature:install quiver", "feature:uninstall quiver-nullio");
        assertEquals(false, console.features().get("quiver-nullio").get("required"));
        assertEquals(true, console.features().get("quiver-nullio").get("installed"));
        job = console.feature("uninstall", "quiver-nullio");
        assertEquals(job.toString(), "done", job.get("state"));
        assertTrue(job.toString(), job.get("message").toString().contains("umbrella feature quiver was replaced by its parts"));
        d.awaitLun(1, false);
        String list = d.client("feature:list -i");
        assertFalse(list, list.lines().anyMatch(l -> l.startsWith("quiver ") || l.startsWith("quiver-nullio ")));
        FeatureCycles.shell(d).install("quiver-nullio");
        d.awaitLun(1, true);
        d.awaitLun(0, true);
    }
}
