package io.quiver.config.impl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.quiver.config.ConfigProblem;
import io.quiver.config.ConfigReport;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the scst.conf parser, its mapping to tree objects and the check against a tree: any input gives
 * statements and objects or {@link ConfigProblem}s, never another exception, and every problem names its
 * file and a line inside the input. Seeds: {@code ScstConfigParserFuzzTestInputs/<method>/} (regression mode
 * runs them in every build). Long run: JAZZER_FUZZ=1 with -Dtest=ScstConfigParserFuzzTest.
 */
class ScstConfigParserFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parseMapAndCheck(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        ScstMapping.Result mapped = ScstMapping.map("fuzz.conf", text);
        assertNotNull(mapped.objects());
        for (ConfigProblem p : mapped.problems()) {
            assertTrue(p.file.equals("fuzz.conf") && p.line >= 1 && p.line <= lines, p::toString);
            assertNotNull(p.message);
        }
        ConfigReport report = new ScstConfigComponent(CoreShapedTree.create()).check("fuzz.conf", text);
        assertTrue(report.ok == report.problems.isEmpty());
    }
}
