package io.quiver.transport.iscsi.impl.config;

import io.quiver.iscsi.login.IscsiKey;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The negotiation keys a configuration may set (driver defaults in {@link DriverConfig}, per-target values in
 * {@link TargetConfig}), read from either by their RFC 7143 key names, which both property types use as
 * attribute names. Booleans become Yes/No. Stateless.
 */
final class NegotiationValues {

    /** The keys both configurations carry. */
    static final Set<IscsiKey> CONFIGURABLE = EnumSet.of(IscsiKey.HEADER_DIGEST, IscsiKey.DATA_DIGEST,
            IscsiKey.INITIAL_R2T, IscsiKey.IMMEDIATE_DATA, IscsiKey.MAX_RECV_DATA_SEGMENT_LENGTH,
            IscsiKey.MAX_BURST_LENGTH, IscsiKey.FIRST_BURST_LENGTH, IscsiKey.MAX_OUTSTANDING_R2T,
            IscsiKey.DEFAULT_TIME2WAIT, IscsiKey.DEFAULT_TIME2RETAIN);

    private NegotiationValues() {
    }

    /**
     * The values of the keys {@code present} accepts, from a component property type instance.
     *
     * @param present which keys to take (a target takes only the keys its configuration sets)
     */
    static Map<IscsiKey, String> of(Annotation config, Predicate<String> present) {
        Map<IscsiKey, String> m = new EnumMap<>(IscsiKey.class);
        for (IscsiKey k : CONFIGURABLE) {
            if (!present.test(k.keyName())) {
                continue;
            }
            Object v;
            try {
                v = config.annotationType().getMethod(k.keyName()).invoke(config);
            } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("configuration type lacks " + k.keyName(), e);
            }
            m.put(k, v instanceof Boolean ? ((Boolean) v ? "Yes" : "No") : String.valueOf(v));
        }
        return m;
    }

    /**
     * What a login negotiates with: the driver's defaults overridden by the target's own values, with
     * FirstBurstLength capped at the MaxBurstLength in force.
     */
    static Map<IscsiKey, String> merge(Map<IscsiKey, String> defaults, Map<IscsiKey, String> own) {
        Map<IscsiKey, String> m = new EnumMap<>(IscsiKey.class);
        m.putAll(defaults);
        m.putAll(own);
        String first = m.get(IscsiKey.FIRST_BURST_LENGTH);
        String max = m.get(IscsiKey.MAX_BURST_LENGTH);
        if (first != null && max != null && Long.parseLong(first) > Long.parseLong(max)) {
            m.put(IscsiKey.FIRST_BURST_LENGTH, max);
        }
        return m;
    }
}
