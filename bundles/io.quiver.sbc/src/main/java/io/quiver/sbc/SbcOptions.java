package io.quiver.sbc;

import java.nio.file.Path;

/**
 * How an SBC device behaves beyond its store, from the handler's configuration (names as SCST's
 * vdisk attributes). Immutable.
 *
 * @param writeThrough SCST {@code write_through}: every write is durable before it completes; the Caching
 *        mode page reports WCE 0 and does not let it change
 * @param nvCache SCST {@code nv_cache}: the cache is non-volatile, so SYNCHRONIZE CACHE and FUA need no flush
 *        (V_SUP / NV_SUP reported accordingly)
 * @param rotational SCST {@code rotational}: MEDIUM ROTATION RATE in VPD B1h (1 = non-rotating when false)
 * @param threads SCST {@code threads_num}: the device's I/O threads (0 only for stores that never block)
 * @param queueDepth commands at once before TASK SET FULL
 * @param stateDirectory where saved mode pages are kept (may be {@code null}: saving not supported)
 * @param sanitizeBytesPerSecond the most a SANITIZE OVERWRITE writes per second ({@code sanitize_max_rate});
 *        0 or less: as fast as the store goes. A sanitize is a background operation of the logical unit, and
 *        bounding it keeps it from taking all the bandwidth of storage other logical units share (what
 *        Linux md's {@code speed_limit_max} does for a resync)
 */
public record SbcOptions(boolean writeThrough, boolean nvCache, boolean rotational, int threads, int queueDepth,
        Path stateDirectory, long sanitizeBytesPerSecond) {

    /** As the canonical constructor with no bound on a sanitize's rate. */
    public SbcOptions(boolean writeThrough, boolean nvCache, boolean rotational, int threads, int queueDepth,
            Path stateDirectory) {
        this(writeThrough, nvCache, rotational, threads, queueDepth, stateDirectory, 0);
    }

    /** Write-back, volatile cache, rotational, 2 threads, queue depth 128, no saved pages, unbounded sanitize. */
    public static SbcOptions defaults() {
        return new SbcOptions(false, false, true, 2, 128, null);
    }

    /** These options with a sanitize rate bound, from SCST-style {@code sanitize_max_rate} in MiB per second. */
    public SbcOptions withSanitizeMaxRate(int mebibytesPerSecond) {
        return new SbcOptions(writeThrough, nvCache, rotational, threads, queueDepth, stateDirectory,
                Math.max(0, mebibytesPerSecond) * (1L << 20));
    }
}
