package io.quiver.config.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.config.ConfigProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    @Test
    void nestedBlocksOneLineFormsCommentsAndQuotes() {
        ConfigParser.Result r = ConfigParser.parse("scst.conf", """
                # a comment
                HANDLER vdisk_fileio {
                    DEVICE disk0 { filename /x }   # trailing comment
                    DEVICE "disk 1" {
                        filename "/a b/c \\"q\\""
                    }
                }
                TARGET_DRIVER iscsi {
                    TARGET iqn.x {
                        LUN 0 disk0
                        GROUP g {
                            INITIATOR iqn.y\\#10.0.0.1
                        }
                    }
                }
                """);
        assertEquals(List.of(), r.problems());
        assertEquals(2, r.blocks().size());
        ConfigBlock handler = r.blocks().get(0);
        assertEquals("HANDLER", handler.keyword());
        assertEquals(List.of("vdisk_fileio"), handler.values());
        assertEquals(2, handler.line());
        ConfigBlock disk0 = handler.children().get(0);
        assertEquals(new ConfigBlock("filename", List.of("/x"), 3, null), disk0.children().get(0));
        ConfigBlock disk1 = handler.children().get(1);
        assertEquals("disk 1", disk1.values().get(0));
        assertEquals("/a b/c \"q\"", disk1.children().get(0).values().get(0));
        assertEquals(5, disk1.children().get(0).line());
        ConfigBlock target = r.blocks().get(1).children().get(0);
        ConfigBlock lun = target.children().get(0);
        assertEquals(List.of("0", "disk0"), lun.values());
        assertFalse(lun.hasBlock());
        assertNull(lun.children());
        assertEquals("iqn.y#10.0.0.1", target.children().get(1).children().get(0).values().get(0));
    }

    @Test
    void emptyBracesAreABlock() {
        ConfigBlock d = ConfigParser.parse("f", "DEVICE d {}\n").blocks().get(0);
        assertTrue(d.hasBlock());
        assertEquals(List.of(), d.children());
    }

    @Test
    void syntaxErrorsNameFileAndLineAndParsingGoesOn() {
        ConfigParser.Result r = ConfigParser.parse("x.conf", "HANDLER h {\n  DEVICE d {\n}\n}\n}\nTARGET_DRIVER t {\n  a \"open\n");
        List<String> problems = r.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(List.of("x.conf:5: unexpected '}'", "x.conf:7: unterminated quoted string",
                "x.conf:8: missing '}' at end of file"), problems);
        assertEquals(List.of("HANDLER", "TARGET_DRIVER"), r.blocks().stream().map(ConfigBlock::keyword).toList());
        assertEquals(List.of("open"), r.blocks().get(1).children().get(0).values());
    }

    @Test
    void braceWithoutKeywordIsSkippedWhole() {
        ConfigParser.Result r = ConfigParser.parse("f", "{ a { b } }\nHANDLER h\n");
        assertEquals(1, r.problems().size());
        assertEquals("'{' without a keyword before it", r.problems().get(0).message);
        assertEquals(List.of("HANDLER"), r.blocks().stream().map(ConfigBlock::keyword).toList());
    }

    @Test
    void deepNestingIsAProblemNotAStackOverflow() {
        String text = "A {".repeat(100_000) + "}".repeat(100_000);
        ConfigParser.Result r = ConfigParser.parse("f", text);
        assertTrue(r.problems().stream().anyMatch(p -> p.message.startsWith("nested deeper than")));
    }
}
