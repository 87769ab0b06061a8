package io.quiver.transport.iscsi.impl.session;

import io.quiver.transport.iscsi.impl.config.IscsiTargetDriver;
import io.quiver.transport.iscsi.impl.login.ChapCredentials;
import io.quiver.transport.iscsi.impl.login.IscsiKey;
import java.util.List;
import java.util.Map;

/** Test fixture: a driver listening on a random 127.0.0.1 port with one target over a {@link RamdiskCore}. */
final class TestTargets implements AutoCloseable {

    static final String IQN = "iqn.2026-11.io.quiver:test";

    final RamdiskCore core = new RamdiskCore(2048);
    final IscsiTargetDriver driver = new IscsiTargetDriver();

    TestTargets(List<ChapCredentials> incoming, ChapCredentials outgoing, Map<IscsiKey, String> values)
            throws InterruptedException {
        driver.start(List.of("127.0.0.1:0"), new ConnectionSettings(5, 0, 5, 2), List.of(), null, 2);
        driver.putTarget(new IscsiTarget(IQN, "test disk", 1, incoming, outgoing, values, 32, List.of(), false,
                core.registerTarget(driver, IQN, 0), null));
    }

    TestTargets() throws InterruptedException {
        this(List.of(), null, Map.of());
    }

    int port() {
        String p = driver.portals().get(0);
        return Integer.parseInt(p.substring(p.lastIndexOf(':') + 1));
    }

    String url(int lun) {
        return "iscsi://127.0.0.1:" + port() + "/" + IQN + "/" + lun;
    }

    @Override
    public void close() {
        driver.stop();
        core.release();
    }
}
