package io.quiver.handler.fileio.impl;

import java.io.File;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A BundleContext proxy that records service registrations; every other call fails the test. */
final class TestBundleContext {

    /** One registerService call. */
    static final class Registration {
        final Object service;
        final Dictionary<String, ?> properties;
        boolean unregistered;

        Registration(Object service, Dictionary<String, ?> properties) {
            this.service = service;
            this.properties = properties;
        }
    }

    final List<Registration> registrations = new ArrayList<>();
    final BundleContext context;

    @SuppressWarnings("unchecked")
    TestBundleContext(File dataArea) {
        context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "registerService":
                            Registration r = new Registration(args[1], (Dictionary<String, ?>) args[2]);
                            registrations.add(r);
                            return registration(r);
                        case "getDataFile":
                            return new File(dataArea, (String) args[0]);
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    /** Registrations still in force. */
    List<Registration> live() {
        return registrations.stream().filter(r -> !r.unregistered).toList();
    }

    private ServiceRegistration<?> registration(Registration r) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        if (r.unregistered) {
                            throw new IllegalStateException("already unregistered");
                        }
                        r.unregistered = true;
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
