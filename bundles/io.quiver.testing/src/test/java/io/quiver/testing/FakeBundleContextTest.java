package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

class FakeBundleContextTest {

    @Test
    void recordsRegistrationsAndTheirEnd() {
        FakeBundleContext bundle = new FakeBundleContext(Path.of("/data"));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", "x");
        ServiceRegistration<Runnable> reg = bundle.context().registerService(Runnable.class, () -> { }, props);
        bundle.context().registerService(new String[] {"a", "b"}, "service", null);
        assertEquals(List.of(Runnable.class.getName()), bundle.registrations().get(0).objectClass());
        assertEquals(List.of("a", "b"), bundle.registrations().get(1).objectClass());
        assertEquals("x", bundle.live().get(0).properties().get("name"));
        reg.unregister();
        assertTrue(bundle.registrations().get(0).unregistered());
        assertEquals(1, bundle.live().size());
        assertThrows(IllegalStateException.class, reg::unregister);
        assertEquals(Path.of("/data", "f").toFile(), bundle.context().getDataFile("f"));
        assertThrows(UnsupportedOperationException.class, () -> bundle.context().getBundle());
    }
}
