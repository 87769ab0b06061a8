package io.quiver.core.impl;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Component property types for tests: a proxy over a map, keyed as DS maps method names to property
 * names ({@code data_dir} is {@code data.dir}, {@code read__only} is {@code read_only}), falling back to
 * the annotation's defaults.
 */
final class Configs {

    private Configs() {
    }

    static <T> T of(Class<T> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String key = method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            Object v = values.get(key);
            return v != null ? v : method.getDefaultValue();
        }));
    }
}
