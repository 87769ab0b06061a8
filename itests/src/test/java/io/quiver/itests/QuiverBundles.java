package io.quiver.itests;

import java.util.List;

/** The Quiver bundles each distribution must have active. Constants only. */
final class QuiverBundles {

    static final List<String> MINIMAL = List.of("io.quiver.scsi", "io.quiver.api", "io.quiver.core");

    static final List<String> DEFAULT = List.of("io.quiver.scsi", "io.quiver.api", "io.quiver.core");

    private QuiverBundles() {
    }
}
