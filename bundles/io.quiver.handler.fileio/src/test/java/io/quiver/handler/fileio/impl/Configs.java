package io.quiver.handler.fileio.impl;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/** Component property types over a map, as SCR builds them: DS 1.4 name mapping, annotation defaults. */
final class Configs {

    private Configs() {
    }

    static <T> T of(Class<T> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? values.toString() : method.invoke(values, args);
                    }
                    Object v = values.get(property(method));
                    return v != null ? v : method.getDefaultValue();
                }));
    }

    private static String property(Method m) {
        return m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }
}
