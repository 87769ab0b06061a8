package io.quiver.config.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.config.impl.ScstAttributes.Effect;
import io.quiver.config.impl.ScstAttributes.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/scst-conf-attributes.md is generated from the one table ({@code scst-attributes.txt}): this test fails
 * when they differ, and rewrites the page when run with {@code -Dquiver.writeDocs=true}.
 */
class ScstAttributesDocTest {

    static final Path PAGE = Path.of("../../docs/scst-conf-attributes.md");

    static String page() {
        StringBuilder b = new StringBuilder("""
                # What the config tool does with what SCST documents

                Generated from `bundles/io.quiver.config/src/main/resources/io/quiver/config/impl/scst-attributes.txt`
                (the one place of this knowledge) by `ScstAttributesDocTest`; edit that file, then run the test with
                `-Dquiver.writeDocs=true`. Every row is consulted **only when the running management tree lacks the
                attribute or section**: what the tree has is applied, so an attribute that a handler or the core
                gains later (`naa_id` on a new handler, the core's `setup_id`) is applied from then on without a
                change here. See [management.md](management.md#config-tool).

                | level | name | when the tree lacks it | why it has no effect in Quiver |
                |---|---|---|---|
                """);
        for (Entry e : ScstAttributes.table().entries()) {
            String effect = switch (e.effect()) {
                case NOTE -> "note";
                case FIXED -> "accepted if `" + e.value() + "`, else a problem";
                case ALIAS -> "applied as `" + e.value() + "` × " + e.factor() + " where the tree has it, else a note";
                case SECTION -> "section noted, not applied";
                case HARDWARE -> "refused in one line (an empty section is a note)";
            };
            String level = e.effect() == Effect.SECTION || e.effect() == Effect.HARDWARE ? "TARGET_DRIVER / HANDLER" : e.level();
            b.append("| ").append(level).append(" | `").append(e.name()).append("` | ").append(effect).append(" | ")
                    .append(e.reason().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    @Test
    void thePageIsTheTable() throws IOException {
        String expected = page();
        if (Boolean.getBoolean("quiver.writeDocs")) {
            Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(PAGE, StandardCharsets.UTF_8),
                "docs/scst-conf-attributes.md is stale: run this test with -Dquiver.writeDocs=true");
    }
}
