package io.quiver.config.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScstMappingTest {

    static final String SCST = """
            HANDLER vdisk_fileio {
                DEVICE disk01 {
                    filename /dev/sdb
                    read_only 1
                }
            }
            HANDLER vdisk_nullio {
                DEVICE null0
            }
            TARGET_DRIVER iscsi {
                TARGET iqn.2006-10.net.vlnb:tgt {
                    IncomingUser "joe 12charsecret"
                    IncomingUser "jane 12charsecret"
                    LUN 0 disk01
                    LUN 1 null0 { read_only 1 }
                    GROUP group1 {
                        LUN 0 null0
                        INITIATOR iqn.1991-05.com.microsoft:win
                        INITIATOR iqn.1991-05.com.microsoft:win2
                    }
                }
            }
            DEVICE_GROUP dg1 {
                DEVICE disk01
                TARGET_GROUP tg1 {
                    group_id 1
                    state active
                    TARGET iqn.2006-10.net.vlnb:tgt
                }
            }
            """;

    @Test
    void scstFileBecomesTreeObjects() {
        ScstMapping.Result r = ScstMapping.map("scst.conf", SCST);
        assertEquals(List.of(), r.problems());
        Map<String, String> objects = r.objects().stream().collect(Collectors.toMap(DesiredObject::path,
                o -> o.kind + " " + o.attributes.values().stream().map(a -> a.name() + "=" + a.values()).toList(),
                (a, b) -> a, java.util.LinkedHashMap::new));
        String t = "/targets/iscsi/iqn.2006-10.net.vlnb:tgt";
        assertEquals(List.of("/handlers/vdisk_fileio", "/handlers/vdisk_fileio/disk01", "/handlers/vdisk_nullio",
                "/handlers/vdisk_nullio/null0", "/targets/iscsi", t, t + "/luns/0", t + "/luns/1", t + "/ini_groups/group1",
                t + "/ini_groups/group1/luns/0", "/alua/device_groups/dg1", "/alua/target_groups/tg1"), List.copyOf(objects.keySet()));
        assertEquals("DEVICE [filename=[/dev/sdb], read_only=[1]]", objects.get("/handlers/vdisk_fileio/disk01"));
        assertEquals("TARGET [IncomingUser=[joe 12charsecret, jane 12charsecret]]", objects.get(t));
        assertEquals("LUN [device=[null0], read_only=[1]]", objects.get(t + "/luns/1"));
        assertEquals("GROUP [initiators=[iqn.1991-05.com.microsoft:win, iqn.1991-05.com.microsoft:win2]]",
                objects.get(t + "/ini_groups/group1"));
        assertEquals("DEVICE_GROUP [devices=[disk01], target_groups=[tg1]]", objects.get("/alua/device_groups/dg1"));
        assertEquals("TARGET_GROUP [targets=[" + "iqn.2006-10.net.vlnb:tgt], group_id=[1], state=[active]]",
                objects.get("/alua/target_groups/tg1"));
    }

    @Test
    void remoteTargetPortIsNotedUnlessItHasTheNameQuiverWrites() {
        String file = """
                DEVICE_GROUP dg1 {
                    TARGET_GROUP tg1 {
                        group_id 1
                        TARGET %s {
                            rel_tgt_id 33
                        }
                    }
                }
                """;
        ScstMapping.Result peer = ScstMapping.map("f.conf", file.formatted("iqn.2026-11.other:peer"));
        assertEquals(List.of("f.conf:5: /alua/target_groups/tg1 attribute rel_tgt_id: TARGET iqn.2026-11.other:peer is a remote "
                + "target port: it joins the group as relative target port 33 (its name is not kept)"),
                peer.notes().stream().map(ConfigProblem::toString).toList());
        // ConfigWriter's own name for such a port: a written file reads back without a note.
        ScstMapping.Result written = ScstMapping.map("f.conf", file.formatted(ConfigWriter.REMOTE_PORT_PREFIX + "33"));
        assertEquals(List.of(), written.notes());
        assertEquals(List.of(), written.problems());
    }

    @Test
    void structuralMistakesNameLineObjectAndAttribute() {
        ScstMapping.Result r = ScstMapping.map("f.conf", """
                HANDLER vdisk_fileio {
                    DEVICE d { name other }
                    DEVICE d
                }
                TARGET_DRIVER iscsi {
                    TARGET t {
                        LUN x d
                        LUN 1
                        GROUP g { initiators a }
                    }
                }
                DEVICES x {}
                DEVICE_GROUP a {
                    TARGET_GROUP tg { group_id 1 }
                }
                DEVICE_GROUP b {
                    TARGET_GROUP tg { group_id 2 }
                }
                """);
        assertEquals(List.of(
                "f.conf:2: /handlers/vdisk_fileio/d attribute name: set by the file's structure, not as an attribute",
                "f.conf:3: /handlers/vdisk_fileio/d: DEVICE d is already defined on line 2",
                "f.conf:7: /targets/iscsi/t/luns: not a LUN number (0..16383): x",
                "f.conf:8: /targets/iscsi/t/luns: LUN needs a number and a device name: LUN <n> <device>",
                "f.conf:9: /targets/iscsi/t/ini_groups/g attribute initiators: set by the file's structure, not as an attribute",
                "f.conf:12: DEVICES: unknown section DEVICES (expected HANDLER, TARGET_DRIVER, DEVICE_GROUP or a top-level attribute)"),
                r.problems().stream().map(ConfigProblem::toString).toList());
        // SCST scopes a target group by its device group: a second, different tg is b's own.
        assertTrue(r.notes().get(0).message.endsWith("so this one is b.tg"), r.notes()::toString);
        assertTrue(r.objects().stream().anyMatch(o -> o.path().equals("/alua/target_groups/b.tg")));
    }
}
