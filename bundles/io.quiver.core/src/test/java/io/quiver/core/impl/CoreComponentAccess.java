package io.quiver.core.impl;

import io.quiver.transport.local.LocalTargetDriver;
import java.nio.file.Path;
import java.util.Map;

/** Test access: an active core component with a loopback target "t1" registered. */
public final class CoreComponentAccess {

    private CoreComponentAccess() {
    }

    public static CoreComponent active(Path dir) {
        CoreComponent c = new CoreComponent();
        c.activate(null, Configs.of(CoreComponent.Config.class, Map.of("data.dir", dir.toString())));
        new LocalTargetDriver(c).createTarget("t1");
        return c;
    }
}
