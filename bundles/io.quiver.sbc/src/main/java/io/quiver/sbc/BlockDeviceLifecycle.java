package io.quiver.sbc;

import io.quiver.spi.device.ScsiDevice;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Hashtable;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one block device handler's factory configuration, written once for every handler: on
 * {@link #activate} it opens the device through the handler's {@link Opener} and registers it as a
 * {@link ScsiDevice} service; on {@link #modified} a change confined to the handler's resize attributes
 * resizes the live device in place (the core raises CAPACITY DATA HAS CHANGED), any other change opens a
 * new device and swaps the registration; {@link #deactivate} unregisters and closes.
 *
 * <p>Contract: the {@link Opener} either returns a device that owns what it opened or throws having
 * closed it. If opening the replacement fails, the old device keeps serving and the exception reaches
 * SCR's log. The registration carries {@value ScsiDevice#NAME_PROPERTY} = the descriptor's name and
 * {@value #HANDLER_PROPERTY} = the handler name.
 *
 * <p>Threading: every method is synchronized. SCR calls the component's callbacks one at a time, but
 * {@link #device()} may be read from other threads while a callback swaps the device.
 *
 * @param <C> the handler's configuration type (a DS component property type)
 */
public final class BlockDeviceLifecycle<C> {

    /** The service property naming the device handler, such as {@code vdisk_fileio}. */
    public static final String HANDLER_PROPERTY = "quiver.handler.name";

    private static final Logger LOG = LoggerFactory.getLogger(BlockDeviceLifecycle.class);

    /** Opens the store a configuration describes and builds the device over it. */
    @FunctionalInterface
    public interface Opener<C> {
        /**
         * @return a new device, not yet registered
         * @throws IOException if the store cannot be opened; anything opened is closed first
         */
        SbcDevice open(C config) throws IOException;
    }

    /** Applies a change confined to the resize attributes to the live device. */
    @FunctionalInterface
    public interface Resizer<C> {
        /**
         * @param changed the attributes that differ from the previous configuration (may be empty)
         * @return whether the capacity changed, so that the lifecycle raises CAPACITY DATA HAS CHANGED
         */
        boolean resize(C config, Set<String> changed, SbcDevice device) throws IOException;
    }

    private final BundleContext bundle;
    private final Class<C> configType;
    private final String handlerName;
    private final Set<String> resizeAttributes;
    private final Opener<C> opener;
    private final Resizer<C> resizer;
    private C config;
    private SbcDevice device;
    private ServiceRegistration<ScsiDevice> registration;

    /**
     * @param resizeAttributes the property names whose change alone resizes in place rather than replacing
     *     the device; the resizer also runs when a configuration update changes nothing
     */
    public BlockDeviceLifecycle(BundleContext bundle, Class<C> configType, String handlerName,
            Set<String> resizeAttributes, Opener<C> opener, Resizer<C> resizer) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.configType = Objects.requireNonNull(configType, "configType");
        this.handlerName = Objects.requireNonNull(handlerName, "handlerName");
        this.resizeAttributes = Set.copyOf(resizeAttributes);
        this.opener = Objects.requireNonNull(opener, "opener");
        this.resizer = Objects.requireNonNull(resizer, "resizer");
    }

    /** Opens and registers the first device. */
    public synchronized void activate(C first) throws IOException {
        register(first, opener.open(first));
    }

    /** Resizes in place or replaces the device, depending on which attributes changed. */
    public synchronized void modified(C next) throws IOException {
        Set<String> changed = changedAttributes(configType, config, next);
        if (resizeAttributes.containsAll(changed)) {
            if (resizer.resize(next, changed, device)) {
                device.resized();
                LOG.info("{} device {} resized to {} blocks", handlerName, device.descriptor().name(),
                        device.store().capacityBlocks());
            }
            config = next;
            return;
        }
        SbcDevice replacement = opener.open(next);
        deactivate();
        register(next, replacement);
        LOG.info("{} device {} reconfigured", handlerName, replacement.descriptor().name());
    }

    /** Unregisters and closes the device; nothing is left open. */
    public synchronized void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it when the bundle stopped; nothing to undo
            }
            registration = null;
        }
        if (device != null) {
            device.close();
            device = null;
        }
    }

    /** The device registered now, or null when deactivated. */
    public synchronized SbcDevice device() {
        return device;
    }

    /**
     * Options for a device of this handler, saving mode pages in the bundle's data area (directory
     * {@code mode-pages}) where the framework gives one.
     */
    public SbcOptions options(boolean writeThrough, boolean nvCache, boolean rotational, int threads,
            int queueDepth, int sanitizeMaxRate) {
        File state = bundle.getDataFile("mode-pages");
        return new SbcOptions(writeThrough, nvCache, rotational, threads, queueDepth,
                state == null ? null : state.toPath()).withSanitizeMaxRate(sanitizeMaxRate);
    }

    private void register(C c, SbcDevice d) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(ScsiDevice.NAME_PROPERTY, d.descriptor().name());
        props.put(HANDLER_PROPERTY, handlerName);
        registration = bundle.registerService(ScsiDevice.class, d, props);
        config = c;
        device = d;
    }

    /**
     * The property names (DS mapping: {@code read__only} is {@code read_only}) of the elements of
     * {@code type} whose values differ between two configurations of that type.
     */
    public static <C> Set<String> changedAttributes(Class<C> type, C before, C after) {
        Set<String> changed = new TreeSet<>();
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || m.getDeclaringClass() != type) {
                continue;
            }
            if (!Objects.deepEquals(value(m, before), value(m, after))) {
                changed.add(m.getName().replace("__", "\0").replace('_', '.').replace('\0', '_'));
            }
        }
        return changed;
    }

    private static Object value(Method element, Object config) {
        try {
            // handlers keep their configuration types package-private
            element.setAccessible(true);
            return element.invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("cannot read " + element.getName() + " of " + config, e);
        }
    }
}
