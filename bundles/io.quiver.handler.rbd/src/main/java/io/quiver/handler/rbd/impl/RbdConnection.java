package io.quiver.handler.rbd.impl;

import io.quiver.linux.Errno;
import io.quiver.linux.LinuxException;
import io.quiver.linux.NativeLibrary;
import io.quiver.linux.Rados;
import io.quiver.linux.RbdImage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One device's connection to its image: rados_create2 as {@code client.<user>}, rados_conf_read_file of
 * {@code conf}, the cephx secret from {@code keyring} set as option {@code key} (never logged), rados_connect,
 * then rados_ioctx_create and rbd_open, creating the image first when it is missing and a {@code size} is
 * given. Partial discards are not skipped, so a discarded range reads back as zeros (the LBPRZ the SBC
 * command set reports), librbd's client-side cache is off, so two targets on one image see each other's
 * writes at once, and requests to the cluster time out after {@code osd_op_timeout} seconds. Each device has
 * its own connection, so closing one never disturbs another.
 * Not thread-safe: built and closed by the device's lifecycle; the image it opened is thread-safe.
 */
final class RbdConnection implements AutoCloseable {

    private final Rados rados;
    private final RbdImage image;

    private RbdConnection(Rados rados, RbdImage image) {
        this.rados = rados;
        this.image = image;
    }

    /** Connects and opens (or creates and opens) the image {@code c} names; nothing stays open on failure. */
    static RbdConnection open(RbdConfig c) throws IOException {
        if (blank(c.image())) {
            throw new IllegalArgumentException("image is required");
        }
        if (blank(c.pool())) {
            throw new IllegalArgumentException("pool is required");
        }
        Map<String, String> options = new LinkedHashMap<>();
        String key = key(c.keyring());
        if (!key.isEmpty()) {
            options.put("key", key);
        }
        // librbd skips discards of partial objects by default, leaving old data readable: not LBPRZ
        options.put("rbd_skip_partial_discard", "false");
        // librbd's cache is per client: with it, a second target on the same image would read stale blocks from
        // its own cache and miss what the first one wrote and has not flushed yet (docs/rbd.md)
        options.put("rbd_cache", "false");
        // librados waits for ever by default: a cluster that stays unreachable would hold the command, and the
        // device thread, until the initiator aborts it; with a deadline the command fails with NOT READY
        if (c.osd__op__timeout() < 0) {
            throw new IllegalArgumentException("osd_op_timeout must be >= 0: " + c.osd__op__timeout());
        }
        options.put("rados_osd_op_timeout", Integer.toString(c.osd__op__timeout()));
        options.put("rados_mon_op_timeout", Integer.toString(c.osd__op__timeout()));
        Rados rados;
        try {
            rados = Rados.connect(blank(c.user()) ? "admin" : c.user().trim(), trim(c.conf()), options);
        } catch (NativeLibrary.MissingLibraryException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            String pool = c.pool().trim();
            String ns = trim(c.namespace());
            String name = c.image().trim();
            RbdImage image;
            try {
                image = rados.open(pool, ns, name);
            } catch (LinuxException e) {
                if (e.errno() != Errno.ENOENT || c.size() <= 0) {
                    throw e;
                }
                // layering only: without exclusive-lock, two targets can write the image at once (docs/rbd.md)
                rados.createImage(pool, ns, name, c.size(), Rados.FEATURE_LAYERING);
                image = rados.open(pool, ns, name);
            }
            return new RbdConnection(rados, image);
        } catch (IOException | RuntimeException e) {
            rados.close();
            throw e;
        }
    }

    /**
     * The cephx secret in a {@code keyring} value: the text after {@code key =} of a keyring's text, or the
     * value itself when it is a bare key; empty for none.
     */
    static String key(String keyring) {
        if (blank(keyring)) {
            return "";
        }
        for (String line : keyring.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("key") && l.substring(3).stripLeading().startsWith("=")) {
                return l.substring(l.indexOf('=') + 1).strip();
            }
        }
        return keyring.strip();
    }

    RbdImage image() {
        return image;
    }

    @Override
    public void close() {
        image.close();
        rados.close();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
