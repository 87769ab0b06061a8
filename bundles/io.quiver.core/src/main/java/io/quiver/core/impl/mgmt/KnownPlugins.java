package io.quiver.core.impl.mgmt;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device handlers and target drivers the core has seen, by name, with the factory PIDs of their
 * devices and targets. They are remembered while their bundles are absent, and across restarts when a
 * file is given (the core bundle's data area), so that a configuration whose handler or driver is not
 * installed is still listed, as waiting for it, like a device SCST keeps in its config file until its
 * handler module is loaded.
 *
 * <p>Thread-safe: the maps are concurrent; writes of the file are serialised.
 */
final class KnownPlugins {

    private static final Logger LOG = LoggerFactory.getLogger(KnownPlugins.class);
    private static final String HANDLER = "handler.";
    private static final String DRIVER = "driver.";

    private final Map<String, String> handlers = new ConcurrentSkipListMap<>();
    private final Map<String, String> drivers = new ConcurrentSkipListMap<>();
    private final Path file;

    /** Remembers in memory only (tests, or a framework without a data area). */
    KnownPlugins() {
        this.file = null;
    }

    /** Remembers in {@code file}, reading what it already holds. */
    KnownPlugins(Path file) {
        this.file = file;
        if (file != null && Files.isReadable(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Cannot read the known handlers and drivers from {}; starting without them", file, e);
            }
            p.stringPropertyNames().stream().filter(k -> k.startsWith(HANDLER))
                    .forEach(k -> handlers.put(k.substring(HANDLER.length()), p.getProperty(k)));
            p.stringPropertyNames().stream().filter(k -> k.startsWith(DRIVER))
                    .forEach(k -> drivers.put(k.substring(DRIVER.length()), p.getProperty(k)));
        }
    }

    void handler(String name, String factoryPid) {
        remember(handlers, name, factoryPid);
    }

    void driver(String name, String factoryPid) {
        remember(drivers, name, factoryPid);
    }

    /** Handler names to device factory PIDs ("" for a handler without configurable devices). */
    Map<String, String> handlers() {
        return handlers;
    }

    /** Driver names to target factory PIDs ("" for a driver without configurable targets). */
    Map<String, String> drivers() {
        return drivers;
    }

    private void remember(Map<String, String> map, String name, String factoryPid) {
        String pid = factoryPid == null ? "" : factoryPid;
        if (!pid.equals(map.put(name, pid))) {
            save();
        }
    }

    private synchronized void save() {
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        handlers.forEach((k, v) -> p.setProperty(HANDLER + k, v));
        drivers.forEach((k, v) -> p.setProperty(DRIVER + k, v));
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                p.store(w, "Device handlers and target drivers seen by io.quiver.core (management tree)");
            }
        } catch (IOException e) {
            // Only the listing of waiting objects after a restart depends on it; the target runs on.
            LOG.warn("Cannot remember the known handlers and drivers in {}", file, e);
        }
    }
}
