package io.quiver.transport.iscsi.impl.config;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Test helper: an instance of a component property type (or any interface) whose methods answer from a
 * map keyed by method name, falling back to the annotation defaults, as DS would build it from a
 * configuration. Avoids hand-written anonymous config implementations.
 */
final class Configs {

    private Configs() {
    }

    static <T> T of(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            switch (m.getName()) {
                case "annotationType":
                    return type;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return type.getSimpleName() + values;
                default:
                    return m.getDefaultValue();
            }
        }));
    }
}
