package io.quiver.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every struct layout and constant of the layer against the system headers: the test writes a C program
 * from the layouts (offsetof of every named field, sizeof of every struct, the value of every constant),
 * compiles it with gcc against /usr/include and compares. gcc is a test oracle here, not part of Quiver.
 */
class StructLayoutsTest {

    private static final List<StructLayout> STRUCTS = List.of(SgIo.SG_IO_HDR, SgIo.SG_IO_V4,
            PacketSocket.SOCKADDR_LL, PacketSocket.PACKET_MREQ, PacketSocket.TPACKET_STATS_V3,
            PacketRing.TPACKET_REQ3, PacketRing.TPACKET_BLOCK_DESC, PacketRing.TPACKET3_HDR,
            FrameRing.TPACKET_REQ, FrameRing.TPACKET2_HDR, PacketBatch.MSGHDR, PacketBatch.MMSGHDR,
            NetDevice.IFREQ, NetDevice.SOCKADDR, FileIo.IOVEC);
    private static final List<Class<?>> CONSTANTS = List.of(Errno.class, FileIo.class, PacketSocket.class,
            PacketRing.class, PacketBatch.class, NetDevice.class, SgIo.class, Namespace.class);
    /** Public constants that are not C macros: checked on their own below. */
    // Constants of ours, not of the headers (GATHER_MAX is a choice below IOV_MAX, 1024).
    private static final Set<String> NOT_MACROS = Set.of("TX_DATA_OFFSET", "BSG_GUARD", "GATHER_MAX");

    @TempDir
    Path dir;

    @Test
    void layoutsAndConstantsMatchTheSystemHeaders() throws Exception {
        Map<String, Long> expected = new LinkedHashMap<>();
        StringBuilder c = new StringBuilder("""
                #define _GNU_SOURCE
                #include <stddef.h>
                #include <stdio.h>
                #include <errno.h>
                #include <fcntl.h>
                #include <unistd.h>
                #include <sched.h>
                #include <poll.h>
                #include <sys/uio.h>
                #include <sys/socket.h>
                #include <sys/ioctl.h>
                #include <net/if.h>
                #include <linux/if_packet.h>
                #include <scsi/sg.h>
                #include <linux/bsg.h>
                int main(void) {
                """);
        for (StructLayout s : STRUCTS) {
            String tag = s.name().orElseThrow();
            c.append("printf(\"%s %lld\\n\", \"sizeof ").append(tag).append("\", (long long) sizeof(struct ")
                    .append(tag).append("));\n");
            expected.put("sizeof " + tag, s.byteSize());
            fields(tag, "", s, 0, c, expected);
        }
        for (Class<?> k : CONSTANTS) {
            for (Field f : k.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || NOT_MACROS.contains(f.getName())
                        || !(f.getType() == int.class || f.getType() == long.class || f.getType() == short.class)) {
                    continue;
                }
                c.append("printf(\"%s %lld\\n\", \"").append(f.getName()).append("\", (long long) (")
                        .append(f.getName()).append("));\n");
                expected.put(f.getName(), ((Number) f.get(null)).longValue());
            }
        }
        c.append("printf(\"%s %lld\\n\", \"TX_DATA_OFFSET\", (long long) TPACKET_ALIGN(sizeof(struct tpacket3_hdr)));\n");
        expected.put("TX_DATA_OFFSET", (long) PacketRing.TX_DATA_OFFSET);
        c.append("printf(\"%s %lld\\n\", \"BSG_GUARD\", (long long) 'Q');\nreturn 0;\n}\n");
        expected.put("BSG_GUARD", (long) SgIo.BSG_GUARD);

        Map<String, Long> actual = compileAndRun(c.toString());
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertEquals(actual.get(e.getKey()), e.getValue(), e.getKey() + " differs from the system headers");
        }
        assertTrue(expected.size() > 150, "checked " + expected.size());
    }

    /** Adds offsetof(struct tag, path) for every named member of {@code group}, recursively. */
    private static void fields(String tag, String prefix, GroupLayout group, long base, StringBuilder c,
            Map<String, Long> expected) {
        for (MemoryLayout m : group.memberLayouts()) {
            if (m instanceof PaddingLayout) {
                continue;
            }
            String name = m.name().orElseThrow();
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            long offset = base + group.byteOffset(MemoryLayout.PathElement.groupElement(name));
            c.append("printf(\"%s %lld\\n\", \"").append(tag).append('.').append(path)
                    .append("\", (long long) offsetof(struct ").append(tag).append(", ").append(path).append("));\n");
            expected.put(tag + "." + path, offset);
            if (m instanceof GroupLayout sub) {
                fields(tag, path, sub, offset, c, expected);
            }
        }
    }

    private Map<String, Long> compileAndRun(String source) throws Exception {
        Path src = Files.writeString(dir.resolve("layouts.c"), source);
        Path exe = dir.resolve("layouts");
        Process gcc = new ProcessBuilder("gcc", "-Wall", "-o", exe.toString(), src.toString())
                .redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc hangs");
        assertEquals(0, gcc.exitValue(), () -> "gcc failed:\n" + gccOut + "\n" + source);
        Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.lastIndexOf(' ');
            values.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
        }
        return values;
    }
}
