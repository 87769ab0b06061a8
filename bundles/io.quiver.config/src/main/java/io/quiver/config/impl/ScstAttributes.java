package io.quiver.config.impl;

import io.quiver.config.impl.DesiredObject.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What SCST documents that the running management tree may lack: attributes at every level, drivers whose
 * targets a file cannot create here ({@code copy_manager}), and drivers or handlers that need hardware. The
 * knowledge lives in one resource, {@code scst-attributes.txt} beside this class, each entry with the reason
 * it has no effect in Quiver; it is consulted only where the tree lacks the attribute or section, so what the
 * tree has is always applied. Immutable after loading; thread-safe.
 */
final class ScstAttributes {

    /** What the tool does with an entry. */
    enum Effect { NOTE, FIXED, ALIAS, SECTION, HARDWARE }

    /**
     * One entry. {@code value} is the fixed value ({@link Effect#FIXED}) or the target attribute
     * ({@link Effect#ALIAS}); {@code factor} multiplies an alias's value.
     */
    record Entry(String level, String name, Effect effect, String value, long factor, String reason) {
    }

    private static final ScstAttributes TABLE = load();

    private final Map<String, Entry> entries;

    private ScstAttributes(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** The table from the bundle's resource. */
    static ScstAttributes table() {
        return TABLE;
    }

    /** The entry of an attribute at a kind of object, if SCST documents it there. */
    Optional<Entry> attribute(Kind kind, String name) {
        return attribute(level(kind), name);
    }

    /** The entry of an attribute at a level of the table ({@code tg_target} for a TARGET in a TARGET_GROUP). */
    Optional<Entry> attribute(String level, String name) {
        return Optional.ofNullable(entries.get(level + " " + name));
    }

    /** The entry of a whole TARGET_DRIVER or HANDLER section ({@link Effect#SECTION} or {@link Effect#HARDWARE}). */
    Optional<Entry> section(String name) {
        Entry e = entries.get("section " + name);
        return Optional.ofNullable(e != null ? e : entries.get("hardware " + name));
    }

    /** Every entry, in the resource's order (for documentation). */
    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The table's name of the level of an object kind. */
    static String level(Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    static ScstAttributes parse(List<String> lines) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(" : ");
            if (colon < 0) {
                throw new IllegalArgumentException("scst-attributes.txt: no ' : ' reason in: " + line);
            }
            String reason = line.substring(colon + 3).strip();
            String[] head = line.substring(0, colon).strip().split("\\s+");
            Entry e;
            if (head[0].equals("section") || head[0].equals("hardware")) {
                e = new Entry(head[0], head[1], head[0].equals("section") ? Effect.SECTION : Effect.HARDWARE, null, 1, reason);
            } else if (head.length != 3) {
                throw new IllegalArgumentException("scst-attributes.txt: expected <level> <name> <effect> in: " + line);
            } else if (head[2].startsWith("fixed=")) {
                e = new Entry(head[0], head[1], Effect.FIXED, head[2].substring(6), 1, reason);
            } else if (head[2].startsWith("alias=")) {
                String[] a = head[2].substring(6).split("\\*");
                e = new Entry(head[0], head[1], Effect.ALIAS, a[0], a.length > 1 ? Long.parseLong(a[1]) : 1, reason);
            } else {
                e = new Entry(head[0], head[1], Effect.NOTE, null, 1, reason);
            }
            out.put(e.level() + " " + e.name(), e);
        }
        return new ScstAttributes(out);
    }

    private static ScstAttributes load() {
        try (InputStream in = ScstAttributes.class.getResourceAsStream("scst-attributes.txt")) {
            if (in == null) {
                throw new IllegalStateException("scst-attributes.txt is missing from the bundle");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
