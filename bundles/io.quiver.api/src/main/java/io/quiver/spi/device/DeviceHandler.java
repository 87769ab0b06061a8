package io.quiver.spi.device;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device handler (SCST's {@code scst_dev_type}), registered once as an OSGi service by its bundle so
 * the management views list installed handlers and know where to create devices. Thread-safe.
 */
@ConsumerType
public interface DeviceHandler {

    /**
     * MUST: the handler's name, the same as SCST's where one exists ({@code vdisk_fileio},
     * {@code vdisk_blockio}, {@code vdisk_nullio}, {@code vcdrom}); Quiver-only handlers pick their own.
     */
    String name();

    /** MUST: the ConfigAdmin factory PID whose configurations are this handler's devices. */
    String deviceFactoryPid();
}
