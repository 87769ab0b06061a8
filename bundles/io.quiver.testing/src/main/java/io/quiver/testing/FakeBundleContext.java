package io.quiver.testing;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Just enough of OSGi for a Declarative Services component test without a framework: a
 * {@link BundleContext} that records service registrations and answers {@code getDataFile} from a folder.
 * Every other {@code BundleContext} or {@code ServiceRegistration} call throws
 * {@link UnsupportedOperationException}, so a test notices when a component needs more.
 *
 * <pre>{@code
 * FakeBundleContext bundle = new FakeBundleContext(tempDir);
 * component.activate(bundle.context(), ComponentConfigs.of(MyConfig.class, props));
 * ScsiDevice device = (ScsiDevice) bundle.live().get(0).service();
 * }</pre>
 */
public final class FakeBundleContext {

    /** One {@code registerService} call and whether its registration was unregistered since. */
    public static final class Registration {
        private final List<String> objectClass;
        private final Object service;
        private final Dictionary<String, ?> properties;
        private volatile boolean unregistered;

        Registration(List<String> objectClass, Object service, Dictionary<String, ?> properties) {
            this.objectClass = objectClass;
            this.service = service;
            this.properties = properties;
        }

        /** The names of the types the service was registered under. */
        public List<String> objectClass() {
            return objectClass;
        }

        /** The service object (or service factory) registered. */
        public Object service() {
            return service;
        }

        /** The service properties registered, or {@code null} if none were given. */
        public Dictionary<String, ?> properties() {
            return properties;
        }

        /** Whether the registration was unregistered. */
        public boolean unregistered() {
            return unregistered;
        }

        @Override
        public String toString() {
            return "Registration" + objectClass + properties + (unregistered ? " (unregistered)" : "");
        }
    }

    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final Path dataArea;
    private final BundleContext context;

    /**
     * A bundle context whose persistent storage area is {@code dataArea}.
     *
     * @param dataArea the folder {@code getDataFile} resolves names in (need not exist)
     */
    public FakeBundleContext(Path dataArea) {
        this.dataArea = dataArea;
        this.context = proxy(BundleContext.class, "BundleContext", this::bundleContext);
    }

    /** The {@link BundleContext} to hand to the component. */
    public BundleContext context() {
        return context;
    }

    /** Every registration so far, in order, including unregistered ones. */
    public List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    /** The registrations still in force, in order. */
    public List<Registration> live() {
        return registrations.stream().filter(r -> !r.unregistered).toList();
    }

    private Object bundleContext(Method method, Object[] args) {
        switch (method.getName()) {
            case "registerService":
                @SuppressWarnings("unchecked")
                Registration r = new Registration(objectClass(args[0]), args[1], (Dictionary<String, ?>) args[2]);
                registrations.add(r);
                return proxy(ServiceRegistration.class, "ServiceRegistration", (m, a) -> registration(r, m));
            case "getDataFile":
                return new File(dataArea.toFile(), (String) args[0]);
            default:
                throw new UnsupportedOperationException("BundleContext." + method.getName());
        }
    }

    private static Object registration(Registration r, Method method) {
        if (!method.getName().equals("unregister")) {
            throw new UnsupportedOperationException("ServiceRegistration." + method.getName());
        }
        if (r.unregistered) {
            throw new IllegalStateException("already unregistered: " + r);
        }
        r.unregistered = true;
        return null;
    }

    private static List<String> objectClass(Object clazz) {
        if (clazz instanceof Class<?> c) {
            return List.of(c.getName());
        }
        if (clazz instanceof String[] names) {
            return List.copyOf(Arrays.asList(names));
        }
        return List.of((String) clazz);
    }

    /** A proxy of {@code type} that answers the {@code Object} methods itself and the rest with {@code calls}. */
    private static <T> T proxy(Class<T> type, String name, Calls calls) {
        return type.cast(Proxy.newProxyInstance(FakeBundleContext.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "Fake" + name + "@" + Integer.toHexString(System.identityHashCode(proxy));
                        };
                    }
                    return calls.call(method, args);
                }));
    }

    @FunctionalInterface
    private interface Calls {
        Object call(Method method, Object[] args);
    }
}
