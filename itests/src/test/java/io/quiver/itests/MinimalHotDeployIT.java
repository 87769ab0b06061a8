package io.quiver.itests;

import java.util.List;
import org.junit.Test;

/**
 * Hot deploy from the shell in the minimal distribution as shipped (no web server, no console): its
 * handlers and the iSCSI transport are uninstalled and installed again with {@code feature:uninstall} and
 * {@code feature:install} while LUN 0 (fileio) is written, and the data is there afterwards.
 */
public class MinimalHotDeployIT {

    private static final int PORT_BASE = 30640;

    @Test
    public void theShellRemovesAndAddsBackEveryTransportAndHandler() throws Exception {
        try (HotDeployment d = HotDeployment.start("quiver.distribution.minimal", "minimal-hot-deploy", PORT_BASE)) {
            String figures = FeatureCycles.cycleHandlersWhileLunZeroServes(d, FeatureCycles.shell(d), List.of("quiver-nullio"), 0);
            System.out.println("MinimalHotDeployIT: LUN 0 while quiver-nullio left and came back: " + figures);
            FeatureCycles.leaveAndComeBackWithTheData(d, FeatureCycles.shell(d), "quiver-fileio", 1);
            FeatureCycles.leaveAndComeBackWithTheData(d, FeatureCycles.shell(d), "quiver-iscsi", 2);
        }
    }
}
