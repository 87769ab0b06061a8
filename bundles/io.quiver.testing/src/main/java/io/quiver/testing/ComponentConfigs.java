package io.quiver.testing;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Component property types (the annotations a Declarative Services component takes as its configuration)
 * over a map of component properties, as SCR builds them:
 * <ul>
 *   <li>an element's property name follows DS 1.4's mapping: {@code __} is {@code _}, {@code _} is
 *       {@code .}, {@code $_$} is {@code -}, {@code $$} is {@code $} and a single {@code $} is dropped
 *       ({@code t10__vend__id()} reads {@code t10_vend_id}, {@code read_only()} reads {@code read.only}),
 *       after a {@code PREFIX_} constant of the type if it has one;</li>
 *   <li>a property that is absent yields the element's default (SCR writes the defaults into the component
 *       description), an element without one yields {@code null}, zero, {@code false} or an empty array;</li>
 *   <li>values are coerced as SCR coerces them: numbers to the element's numeric type, strings parsed,
 *       a scalar to a one-element array, an array or collection to its first element.</li>
 * </ul>
 * The map is copied; a {@code null} value counts as absent. Two instances are equal if they are of the
 * same type over equal maps.
 *
 * <pre>{@code
 * FileioConfig config = ComponentConfigs.of(FileioConfig.class, Map.of("name", "disk1", "size", 1L << 20));
 * }</pre>
 */
public final class ComponentConfigs {

    private ComponentConfigs() {
    }

    /**
     * An instance of the component property type {@code type} over {@code properties}.
     *
     * @param type the component property type, usually an annotation
     * @param properties the component properties by their (mapped) property names
     * @return the instance
     * @throws IllegalArgumentException when an element is called whose property cannot be coerced
     */
    public static <T> T of(Class<T> type, Map<String, ?> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new Values(type, Collections.unmodifiableMap(new HashMap<>(properties)))));
    }

    /**
     * A mutable map of component properties from alternating keys and values, for {@link #of(Class, Map)}
     * (unlike {@code Map.of}, it takes any number of pairs and {@code null} values).
     *
     * @param keysAndValues a property name, then its value, and so on
     * @return the map
     * @throws IllegalArgumentException if the number of arguments is odd or a key is not a string
     */
    public static Map<String, Object> properties(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values do not pair up: " + keysAndValues.length);
        }
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("not a property name: " + keysAndValues[i]);
            }
            properties.put(key, keysAndValues[i + 1]);
        }
        return properties;
    }

    /**
     * The property name DS 1.4 maps an element name to (without the type's {@code PREFIX_}).
     *
     * @param elementName the name of the annotation element (method)
     * @return the component property name
     */
    public static String propertyName(String elementName) {
        StringBuilder sb = new StringBuilder(elementName.length());
        int i = 0;
        while (i < elementName.length()) {
            char c = elementName.charAt(i);
            if (c == '$') {
                if (elementName.startsWith("$$", i)) {
                    sb.append('$');
                    i += 2;
                } else if (elementName.startsWith("$_$", i)) {
                    sb.append('-');
                    i += 3;
                } else {
                    i++;
                }
            } else if (c == '_') {
                if (elementName.startsWith("__", i)) {
                    sb.append('_');
                    i += 2;
                } else {
                    sb.append('.');
                    i++;
                }
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /** The invocation handler: one instance's type and properties. */
    private record Values(Class<?> type, Map<String, ?> properties) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "annotationType":
                    if (method.getParameterCount() == 0 && type.isAnnotation()) {
                        return type;
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class) {
                        return args[0] != null && Proxy.isProxyClass(args[0].getClass())
                                && equals(Proxy.getInvocationHandler(args[0]));
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return hashCode();
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return type.getSimpleName() + properties;
                    }
                    break;
                default:
                    break;
            }
            String name = prefix(type) + propertyName(method.getName());
            Object value = properties.get(name);
            if (value != null) {
                try {
                    return coerce(value, method.getReturnType());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            type.getSimpleName() + "." + method.getName() + ": " + name + " = " + value, e);
                }
            }
            Object defaultValue = method.getDefaultValue();
            return defaultValue != null ? defaultValue : absent(method.getReturnType());
        }

        private static String prefix(Class<?> type) {
            try {
                Object prefix = type.getField("PREFIX_").get(null);
                return prefix instanceof String s ? s : "";
            } catch (ReflectiveOperationException e) {
                return "";
            }
        }
    }

    private static Object absent(Class<?> type) {
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return type.isPrimitive() ? coerce(0, type) : null;
    }

    private static Object coerce(Object value, Class<?> type) {
        List<?> values = value instanceof Collection<?> c ? List.copyOf(c)
                : value.getClass().isArray() ? arrayToList(value) : null;
        if (type.isArray()) {
            List<?> elements = values != null ? values : List.of(value);
            Object array = Array.newInstance(type.getComponentType(), elements.size());
            for (int i = 0; i < elements.size(); i++) {
                Array.set(array, i, coerce(elements.get(i), type.getComponentType()));
            }
            return array;
        }
        if (values != null) {
            return values.isEmpty() ? absent(type) : coerce(values.get(0), type);
        }
        return scalar(value, type);
    }

    private static List<?> arrayToList(Object array) {
        Object[] boxed = new Object[Array.getLength(array)];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = Array.get(array, i);
        }
        return List.of(boxed);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object scalar(Object value, Class<?> type) {
        if (type == String.class) {
            return String.valueOf(value);
        }
        if (type == boolean.class || type == Boolean.class) {
            return value instanceof Boolean ? value : Boolean.parseBoolean(value.toString().trim());
        }
        if (type == char.class || type == Character.class) {
            return value instanceof Character ? value : value.toString().charAt(0);
        }
        if (type.isEnum()) {
            return type.isInstance(value) ? value : Enum.valueOf((Class<? extends Enum>) type, value.toString().trim());
        }
        if (type == Class.class) {
            throw new IllegalArgumentException("Class elements are not supported");
        }
        Number n = value instanceof Number number ? number : Double.valueOf(value.toString().trim());
        if (type == int.class || type == Integer.class) {
            return value instanceof Number ? n.intValue() : Integer.valueOf(value.toString().trim());
        }
        if (type == long.class || type == Long.class) {
            return value instanceof Number ? n.longValue() : Long.valueOf(value.toString().trim());
        }
        if (type == short.class || type == Short.class) {
            return n.shortValue();
        }
        if (type == byte.class || type == Byte.class) {
            return n.byteValue();
        }
        if (type == float.class || type == Float.class) {
            return n.floatValue();
        }
        if (type == double.class || type == Double.class) {
            return n.doubleValue();
        }
        return type.cast(value);
    }
}
