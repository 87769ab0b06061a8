package io.quiver.itests;

import java.util.List;

/** The Quiver bundles each distribution must have active. Constants only. */
final class QuiverBundles {

    static final List<String> MINIMAL = List.of("io.quiver.scsi", "io.quiver.api", "io.quiver.core",
            "io.quiver.sbc", "io.quiver.transport.iscsi", "io.quiver.handler.fileio", "io.quiver.handler.nullio");

    static final List<String> DEFAULT = List.of("io.quiver.scsi", "io.quiver.api", "io.quiver.core",
            "io.quiver.sbc", "io.quiver.transport.iscsi", "io.quiver.handler.fileio", "io.quiver.handler.blockio",
            "io.quiver.handler.nullio", "io.quiver.handler.ramdisk", "io.quiver.handler.cdrom", "io.quiver.webconsole",
            "io.quiver.mgmt.rest");

    private QuiverBundles() {
    }
}
