package io.quiver.webconsole.impl;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Test doubles for the console's collaborators that are not the management tree (that one is
 * {@link io.quiver.testing.InMemoryManagementTree}): servlet requests and sessions, Metatype, bundles and the
 * features service, as dynamic proxies answering from a map.
 */
final class Fakes {

    private Fakes() {
    }

    /**
     * An instance of {@code type} answering from {@code answers}: by method name and first argument
     * ({@code getParameter:op}), else by method name; a {@code Function} answer is applied to the arguments;
     * an unanswered {@code boolean} method returns false, any other null.
     */
    static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            Object answer = answers.get(m.getName() + (args == null || args.length == 0 ? "" : ":" + args[0]));
            if (answer == null) {
                answer = answers.get(m.getName());
            }
            if (answer instanceof java.util.function.Function<?, ?> f) {
                @SuppressWarnings("unchecked")
                java.util.function.Function<Object[], Object> fn = (java.util.function.Function<Object[], Object>) f;
                return fn.apply(args);
            }
            if (answer == null && m.getReturnType() == boolean.class) {
                return false;
            }
            return answer;
        }));
    }
}
