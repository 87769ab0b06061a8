package io.quiver.config.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.config.ConfigProblem;
import io.quiver.config.ConfigReport;
import io.quiver.testing.InMemoryManagementTree;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scstadmin's grammar as the config tool reads it, and what it does with what SCST documents. */
class ScstGrammarTest {

    static final String T = "/targets/iscsi/iqn.x";

    InMemoryManagementTree tree = QuiverShapedTree.create();
    ScstConfigComponent tool = new ScstConfigComponent(tree);

    static List<String> lines(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }

    ConfigReport applied(String text) {
        ConfigReport r = tool.apply("f.conf", text, false, false);
        assertTrue(r.ok, r::toString);
        return r;
    }

    @Test
    void crlfMissingFinalNewlineAndBlankLinesOfSpacesReadAsUnixText() {
        String unix = "HANDLER vdisk_fileio {\n \t \n\tDEVICE d {\n\t\tfilename /x\n\t}\n\n}\n";
        String dos = unix.replace("\n", "\r\n");
        ScstMapping.Result a = ScstMapping.map("f", unix);
        ScstMapping.Result b = ScstMapping.map("f", dos.substring(0, dos.length() - 2));
        assertEquals(List.of(), b.problems());
        assertEquals(a.objects().toString(), b.objects().toString());
    }

    @Test
    void hashStartsACommentAnywhereUnlessEscaped() {
        ConfigParser.Result r = ConfigParser.parse("f", "A *\\#* # comment\nB \"x # y\"\nC iqn.a#b\nD \\\\\\#\n");
        assertEquals(List.of("*#*"), r.blocks().get(0).values());
        assertEquals(List.of("x "), r.blocks().get(1).values());
        assertEquals(List.of("iqn.a"), r.blocks().get(2).values());
        assertEquals(List.of("\\#"), r.blocks().get(3).values());
        assertEquals(List.of("f:2: unterminated quoted string",
                "f:3: '#' after 'iqn.a' starts a comment (scstadmin cuts the line there): write \\# for a literal '#'"),
                lines(r.problems()));
    }

    @Test
    void numbersInDecimalHexAndOctal() {
        applied("HANDLER vdisk_fileio {\n DEVICE d {\n filename /x\n blocksize 01000\n threads_num 0x4\n size 1048576\n }\n}\n");
        assertEquals("512", tree.value("/handlers/vdisk_fileio/d", "blocksize"));
        assertEquals("4", tree.value("/handlers/vdisk_fileio/d", "threads_num"));
        ConfigReport bad = tool.check("f.conf", "HANDLER vdisk_fileio {\n DEVICE e {\n filename /y\n blocksize 09\n }\n}\n");
        assertEquals(List.of("f.conf:4: /handlers/vdisk_fileio/e attribute blocksize: not a number: 09"), lines(bad.problems));
    }

    @Test
    void repeatedLinesAreOneMultiValuedAttribute() {
        applied("TARGET_DRIVER iscsi {\n TARGET iqn.x {\n allowed_portal 10.0.0.1\n allowed_portal 10.0.0.2\n"
                + " IncomingUser \"a 12charsecret\"\n IncomingUser \"b 12charsecret\"\n }\n}\n");
        assertEquals("10.0.0.1,10.0.0.2", tree.value(T, "allowed_portal"));
        assertEquals("a 12charsecret,b 12charsecret", tree.value(T, "IncomingUser"));
        // The same line twice is one value, as scstadmin's hash keeps it; two different ones of a single value are not.
        assertTrue(tool.check("f", "TARGET_DRIVER iscsi {\n TARGET iqn.x {\n enabled 0\n enabled 0\n }\n}\n").ok);
        assertFalse(tool.check("f", "TARGET_DRIVER iscsi {\n TARGET iqn.x {\n enabled 0\n enabled 1\n }\n}\n").ok);
    }

    @Test
    void malformedInputNamesFileAndLine() {
        ConfigReport r = tool.check("m.conf", """
                HANDLER vdisk_fileio {
                    DEVICE d {
                        filename /x /y
                        TARGET_DRIVER iscsi {
                        }
                    }
                TARGET_DRIVER iscsi
                {
                }
                """);
        assertEquals(List.of("m.conf:3: /handlers/vdisk_fileio/d attribute filename: takes one value, the line has 2: "
                        + "quote a value with blanks (filename \"/x /y\")",
                "m.conf:4: /handlers/vdisk_fileio/d attribute TARGET_DRIVER: unknown section TARGET_DRIVER in DEVICE "
                        + "(TARGET_DRIVER belongs at the top level)",
                "m.conf:7: /handlers/vdisk_fileio attribute TARGET_DRIVER: TARGET_DRIVER does not belong in HANDLER",
                "m.conf:8: '{' without a keyword before it", "m.conf:10: missing '}' at end of file"),
                lines(r.problems));
        assertFalse(r.ok);
    }

    @Test
    void bareKeywordsAreNotesAndDriverLevelEnabledOneIsAccepted() {
        // "enabled 1" at driver level is what a running Quiver driver is: no note (a written file checks clean).
        ConfigReport r = applied("TARGET_DRIVER iscsi {\n enabled 1\n TARGET iqn.x {\n HW_TARGET\n enabled 1\n }\n}\n");
        assertEquals(List.of("f.conf:4: " + T + " attribute HW_TARGET: HW_TARGET has no effect in Quiver: marks a hardware target SCST "
                        + "does not create; the target is taken as it is"), lines(r.notes));
        ConfigReport off = tool.check("f.conf", "suspend 1\nTARGET_DRIVER iscsi {\n enabled 0\n}\n");
        assertEquals(2, off.problems.size(), off::toString);
        assertTrue(off.problems.get(1).message.startsWith("enabled 0 cannot be applied: a Quiver target driver serves"));
    }

    @Test
    void whatTheTreeHasIsAppliedWhatItLacksIsANote() {
        InMemoryManagementTree withSetupId = QuiverShapedTree.withCoreAttribute("setup_id", "Long", "0");
        ScstConfigComponent t = new ScstConfigComponent(withSetupId);
        String text = "setup_id 0x1234\nHANDLER vdisk_fileio {\n DEVICE d {\n filename /x\n naa_id 0x6001405abcdef\n }\n}\n"
                + "HANDLER ramdisk {\n DEVICE r {\n size 1048576\n naa_id 0x6001405abcdef\n }\n}\n";
        ConfigReport r = t.apply("f.conf", text, false, false);
        assertTrue(r.ok, r::toString);
        assertEquals("4660", withSetupId.value("/", "setup_id"));
        assertEquals("0x6001405abcdef", withSetupId.value("/handlers/vdisk_fileio/d", "naa_id"));
        assertEquals(List.of("/handlers/ramdisk/r naa_id"), r.notes.stream().map(n -> n.object + " " + n.attribute).toList());
        assertTrue(t.write().startsWith("# scst.conf written by Quiver from the running system: non-default attributes only.\n\n"
                + "setup_id 4660\n"), t::write);
        ConfigReport without = tool.check("f.conf", text);
        assertTrue(without.ok, without::toString);
        assertEquals("/ setup_id", without.notes.get(0).object + " " + without.notes.get(0).attribute);
    }

    @Test
    void documentedAttributesOfAGroupOfANewTargetAreNotedAndLeftOutWhenItIsCreated() {
        ConfigReport r = applied("HANDLER vdisk_nullio {\n DEVICE n\n}\nTARGET_DRIVER iscsi {\n TARGET iqn.new {\n"
                + "  GROUP g {\n   addr_method FLAT\n   io_grouping_type auto\n   LUN 0 n\n   INITIATOR iqn.a\n  }\n }\n}\n");
        assertEquals(List.of("addr_method", "io_grouping_type"), r.notes.stream().map(n -> n.attribute).toList());
        assertEquals("iqn.a", tree.value("/targets/iscsi/iqn.new/ini_groups/g", "initiators"));
    }

    @Test
    void sizeMbIsTheSizeInMebibytes() {
        applied("HANDLER vdisk_fileio {\n DEVICE d {\n filename /x\n size_mb 64\n }\n}\n");
        assertEquals("67108864", tree.value("/handlers/vdisk_fileio/d", "size"));
        ConfigReport both = tool.check("f.conf", "HANDLER vdisk_fileio {\n DEVICE e {\n filename /y\n size 2147483648\n"
                + " size_mb 2048\n }\n}\n");
        assertTrue(both.ok, both::toString);
        assertEquals("size_mb agrees with size, which is applied", both.notes.get(0).message);
        ConfigReport contradicting = tool.check("f.conf", "HANDLER vdisk_fileio {\n DEVICE e {\n filename /y\n size 1048576\n"
                + " size_mb 2048\n }\n}\n");
        assertEquals(List.of("f.conf:5: /handlers/vdisk_fileio/e attribute size_mb: size_mb 2048 contradicts size 1048576 (line 4)"),
                lines(contradicting.problems));
        ConfigReport blockio = tool.check("f.conf", "HANDLER vdisk_blockio {\n DEVICE b {\n filename /dev/b\n size_mb 2048\n }\n}\n");
        assertTrue(blockio.ok && blockio.notes.get(0).message.contains("takes the size from its backing device"), blockio::toString);
    }

    @Test
    void readOnlyAttributesAreAcceptedWhenEqualAndReportedWhenNot() {
        applied("TARGET_DRIVER iscsi {\n TARGET iqn.x\n}\n");
        ConfigReport same = tool.check("f.conf", "TARGET_DRIVER iscsi {\n TARGET iqn.x {\n state active\n }\n}\n");
        assertEquals(List.of("f.conf:3: " + T + " attribute state: state is read-only and equals the running value"), lines(same.notes));
        ConfigReport other = tool.check("f.conf", "TARGET_DRIVER iscsi {\n TARGET iqn.x {\n state waiting\n }\n}\n");
        assertEquals(List.of("f.conf:3: " + T + " attribute state: state is read-only: the file says waiting, the running value is active"),
                lines(other.problems));
    }

    @Test
    void hardwareOnlySectionsAreRefusedInOneLineAndEmptyOnesNoted() {
        ConfigReport r = tool.check("hw.conf", """
                HANDLER dev_disk {
                }
                TARGET_DRIVER qla2x00t {
                    TARGET 50:01:43:80:05:6c:22:ae {
                        HW_TARGET
                        enabled 1
                        LUN 0 disk0
                    }
                }
                """);
        assertEquals(1, r.problems.size(), r::toString);
        assertTrue(r.problems.get(0).toString().startsWith("hw.conf:3: /targets/qla2x00t: TARGET_DRIVER qla2x00t cannot be applied: "
                + "QLogic Fibre Channel host adapters"), r::toString);
        assertTrue(r.notes.get(0).message.startsWith("HANDLER dev_disk is empty: nothing to configure"), r::toString);
    }

    @Test
    void theObsoleteFormatIsConvertedAsScstadminDoes() {
        ConfigReport r = applied("""
                [HANDLER vdisk]
                DEVICE f1,/srv/f1,WT|NV,4096
                DEVICE n1,none,NULLIO,512
                [GROUP hosts]
                USER iqn.h1
                [ASSIGNMENT Default_iqn.legacy]
                DEVICE f1,0
                [ASSIGNMENT hosts]
                DEVICE n1,3
                """);
        assertTrue(r.notes.get(0).message.startsWith("obsolete pre-2.0 scst.conf format"), r::toString);
        assertEquals("true", tree.value("/handlers/vdisk_fileio/f1", "write_through"));
        assertEquals("true", tree.value("/handlers/vdisk_fileio/f1", "nv_cache"));
        assertEquals("4096", tree.value("/handlers/vdisk_fileio/f1", "blocksize"));
        assertEquals("f1", tree.value("/targets/iscsi/iqn.legacy/luns/0", "device"));
        assertEquals("iqn.h1", tree.value("/targets/iscsi/iqn.legacy/ini_groups/hosts", "initiators"));
        assertEquals("n1", tree.value("/targets/iscsi/iqn.legacy/ini_groups/hosts/luns/3", "device"));
    }

    @Test
    void writeNonKeyListsTheOtherWritableAttributesAfterScstadminsComment() {
        applied("TARGET_DRIVER iscsi {\n TARGET iqn.x {\n QueuedCommands 64\n }\n}\n");
        String written = tool.write(true);
        assertTrue(written.contains("""
                TARGET_DRIVER iscsi {
                \tenabled 1

                \tTARGET iqn.x {
                \t\tenabled 1
                \t\tQueuedCommands 64

                \t\t# Non-key attributes
                \t\tTargetAlias ""
                """) || written.contains("\t\t# Non-key attributes\n\t\tportal_group_tag 1\n"), written);
        ConfigReport again = tool.apply("w.conf", written, false, true);
        assertTrue(again.ok && again.plan.isEmpty(), again::toString);
        assertEquals(written, tool.write(true));
    }
}
