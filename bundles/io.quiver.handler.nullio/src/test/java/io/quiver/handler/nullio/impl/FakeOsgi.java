package io.quiver.handler.nullio.impl;

import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of OSGi for a component test without a framework: a BundleContext that records service
 * registrations, and component property types (annotations) built from their defaults plus overrides,
 * as SCR builds them.
 */
final class FakeOsgi {

    /** One registerService call. */
    static final class Registration {
        final String type;
        final Object service;
        final Dictionary<String, ?> properties;
        boolean unregistered;

        Registration(String type, Object service, Dictionary<String, ?> properties) {
            this.type = type;
            this.service = service;
            this.properties = properties;
        }
    }

    final List<Registration> registrations = new ArrayList<>();
    private final Path dataArea;

    FakeOsgi(Path dataArea) {
        this.dataArea = dataArea;
    }

    /** A BundleContext answering registerService and getDataFile; everything else fails. */
    org.osgi.framework.BundleContext bundleContext() {
        return (org.osgi.framework.BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {org.osgi.framework.BundleContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getDataFile":
                            return new File(dataArea.toFile(), (String) args[0]);
                        case "registerService":
                            Object type = args[0];
                            Registration r = new Registration(type instanceof Class<?> c ? c.getName()
                                    : String.valueOf(type), args[1], (Dictionary<String, ?>) args[2]);
                            registrations.add(r);
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {org.osgi.framework.ServiceRegistration.class}, (p, m, a) -> {
                                        if (m.getName().equals("unregister")) {
                                            r.unregistered = true;
                                            return null;
                                        }
                                        throw new UnsupportedOperationException(m.getName());
                                    });
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** A component property type instance: annotation defaults overridden by {@code values}. */
    @SuppressWarnings("unchecked")
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> values) {
        Map<String, Object> v = new HashMap<>(values);
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (v.containsKey(name)) {
                return v.get(name);
            }
            if (name.equals("annotationType")) {
                return type;
            }
            if (name.equals("toString")) {
                return type.getSimpleName() + v;
            }
            Object def = method.getDefaultValue();
            if (def == null) {
                throw new IllegalStateException("no value for " + name);
            }
            return def;
        });
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

}
