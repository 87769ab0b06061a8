package io.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentConfigsTest {

    @interface Config {
        String name();

        long size() default 4096;

        int threads__num() default 2;

        boolean read_only();

        String[] aliases();

        String my$_$dash() default "";
    }

    @Test
    void elementsReadTheirMappedPropertyOrTheirDefault() {
        Config c = ComponentConfigs.of(Config.class, Map.of("name", "disk1", "threads_num", 8, "read.only", true,
                "my-dash", "d"));
        assertEquals("disk1", c.name());
        assertEquals(4096, c.size());
        assertEquals(8, c.threads__num());
        assertEquals(true, c.read_only());
        assertEquals("d", c.my$_$dash());
        assertEquals(Config.class, c.annotationType());
    }

    @Test
    void absentElementsWithoutDefaultReadAsScrReadsThem() {
        Config c = ComponentConfigs.of(Config.class, Map.of());
        assertNull(c.name());
        assertFalse(c.read_only());
        assertArrayEquals(new String[0], c.aliases());
    }

    @Test
    void valuesAreCoerced() {
        Config c = ComponentConfigs.of(Config.class, Map.of("size", 512, "threads_num", "3", "read.only", "true",
                "aliases", "one", "name", List.of("first", "second")));
        assertEquals(512L, c.size());
        assertEquals(3, c.threads__num());
        assertEquals(true, c.read_only());
        assertArrayEquals(new String[] {"one"}, c.aliases());
        assertEquals("first", c.name());
        Config bad = ComponentConfigs.of(Config.class, Map.of("size", "big"));
        assertThrows(IllegalArgumentException.class, bad::size);
    }

    @Test
    void instancesOverEqualMapsAreEqual() {
        Config a = ComponentConfigs.of(Config.class, Map.of("name", "x"));
        assertEquals(a, ComponentConfigs.of(Config.class, Map.of("name", "x")));
        assertEquals(a.hashCode(), ComponentConfigs.of(Config.class, Map.of("name", "x")).hashCode());
        assertNotEquals(a, ComponentConfigs.of(Config.class, Map.of("name", "y")));
        assertEquals("Config{name=x}", a.toString());
    }

    @Test
    void propertiesPairKeysWithValues() {
        assertEquals(Map.of("name", "x", "size", 1L), ComponentConfigs.properties("name", "x", "size", 1L));
        assertThrows(IllegalArgumentException.class, () -> ComponentConfigs.properties("name"));
        assertThrows(IllegalArgumentException.class, () -> ComponentConfigs.properties(1, "x"));
    }
}
