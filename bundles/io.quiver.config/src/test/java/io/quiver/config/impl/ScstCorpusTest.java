package io.quiver.config.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.config.ConfigProblem;
import io.quiver.config.ConfigReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the project's own corpus ({@code corpus/} beside this test: the shapes SCST users write,
 * made from SCST's rules) checks clean against a tree shaped like Quiver's distribution, applies, and
 * {@code write -> apply -> write} is stable. The real files collected in the shared data folder (when it is
 * beside the checkout; a fresh clone has none) check clean too, or are refused only for a hardware-only driver
 * or handler, one line each.
 */
class ScstCorpusTest {

    /** A refusal of a whole section for hardware Quiver cannot have: the only problem a real file may get. */
    static final Pattern HARDWARE = Pattern.compile("(TARGET_DRIVER|HANDLER) \\S+ cannot be applied: .*");

    static Stream<Path> ownCorpus() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(ScstCorpusTest.class.getResource("corpus")).toURI());
        return files(dir);
    }

    static Stream<Path> sharedCorpus() throws IOException {
        for (Path dir : List.of(Path.of("../../../shared/data/scstconf"), Path.of("/work/shared/data/scstconf"))) {
            if (Files.isDirectory(dir)) {
                return files(dir);
            }
        }
        return Stream.of(Path.of("no-shared-corpus"));
    }

    private static Stream<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownCorpus")
    void ownFileChecksCleanAppliesAndWritesStably(Path path) {
        String text = read(path);
        ScstConfigComponent tool = new ScstConfigComponent(QuiverShapedTree.create());
        ConfigReport check = tool.check(path.getFileName().toString(), text);
        assertTrue(check.ok, check::toString);
        appliesAndWritesStably(tool, path, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedCorpus")
    void realFileChecksCleanOrIsRefusedOnlyForHardware(Path path) {
        Assumptions.assumeTrue(Files.isRegularFile(path), "the shared corpus is not beside this checkout");
        String text = read(path);
        ScstConfigComponent tool = new ScstConfigComponent(QuiverShapedTree.create());
        String name = path.getFileName().toString();
        ConfigReport check = tool.check(name, text);
        for (ConfigProblem p : check.problems) {
            assertTrue(HARDWARE.matcher(p.message).matches() && p.line > 0 && p.file.equals(name), p::toString);
        }
        if (check.ok) {
            appliesAndWritesStably(tool, path, text);
        }
    }

    static void appliesAndWritesStably(ScstConfigComponent tool, Path path, String text) {
        ConfigReport applied = tool.apply(path.getFileName().toString(), text, false, false);
        assertTrue(applied.ok, applied::toString);
        assertEquals(applied.plan, applied.applied);
        ConfigReport again = tool.apply(path.getFileName().toString(), text, true, false);
        assertTrue(again.ok, again::toString);
        assertEquals(List.of(), again.plan.stream().filter(s -> !s.contains("***")).toList(), "applying twice changes nothing");
        String written = tool.write();
        ConfigReport rewritten = tool.apply("written.conf", written, false, true);
        assertTrue(rewritten.ok, rewritten + "\n" + written);
        assertEquals(List.of(), rewritten.plan.stream().filter(s -> !s.contains("***")).toList(), written);
        assertEquals(written, tool.write());
        assertFalse(written.isBlank());
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
