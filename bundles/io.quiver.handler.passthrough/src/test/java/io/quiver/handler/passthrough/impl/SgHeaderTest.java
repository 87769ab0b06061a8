package io.quiver.handler.passthrough.impl;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.linux.SgIo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Both SG_IO headers carry a write's iovec, a read's buffer and the direction the kernel needs. */
class SgHeaderTest {

    @Test
    void bsgNodesTakeV4HeadersAndSgNodesV3() {
        assertEquals(SgHeader.V4, SgHeader.of("/dev/bsg/0:0:1:0"));
        assertEquals(SgHeader.V3, SgHeader.of("/dev/sg2"));
    }

    @Test
    void aWriteCarriesItsIovecInBothHeaders() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cdb = a.allocate(10);
            MemorySegment iov = a.allocate(32);
            MemorySegment sense = a.allocate(SgIoPath.MAX_SENSE);
            MemorySegment v3 = SgHeader.V3.build(a.allocate(SgHeader.V3.size(), 8), cdb, MemorySegment.NULL, iov, 2, 8192, sense, 1000);
            assertEquals(SgIo.SG_DXFER_TO_DEV, v3.get(JAVA_INT, SgIo.SG_IO_HDR.byteOffset(groupElement("dxfer_direction"))));
            assertEquals(2, v3.get(JAVA_SHORT, SgIo.SG_IO_HDR.byteOffset(groupElement("iovec_count"))));
            assertEquals(8192, v3.get(JAVA_INT, SgIo.SG_IO_HDR.byteOffset(groupElement("dxfer_len"))));
            MemorySegment v4 = SgHeader.V4.build(a.allocate(SgHeader.V4.size(), 8), cdb, MemorySegment.NULL, iov, 2, 8192, sense, 1000);
            assertEquals(2, v4.get(JAVA_INT, SgIo.SG_IO_V4.byteOffset(groupElement("dout_iovec_count"))));
            assertEquals(8192, v4.get(JAVA_INT, SgIo.SG_IO_V4.byteOffset(groupElement("dout_xfer_len"))));
            assertEquals(iov.address(), v4.get(JAVA_LONG, SgIo.SG_IO_V4.byteOffset(groupElement("dout_xferp"))));
            assertEquals(0, v4.get(JAVA_INT, SgIo.SG_IO_V4.byteOffset(groupElement("din_xfer_len"))));
        }
    }

    /** Regression guard for the reused header: a write's iovec must not stay in the next command's header. */
    @Test
    void aHeaderReusedAfterAWriteCarriesNothingOfIt() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cdb = a.allocate(10);
            MemorySegment sense = a.allocate(SgIoPath.MAX_SENSE);
            for (SgHeader version : SgHeader.values()) {
                MemorySegment h = a.allocate(version.size(), 8);
                version.build(h, cdb, MemorySegment.NULL, a.allocate(32), 2, 8192, sense, 1000);
                version.build(h, cdb, MemorySegment.NULL, MemorySegment.NULL, 0, 0, sense, 1000);
                if (version == SgHeader.V3) {
                    assertEquals(SgIo.SG_DXFER_NONE, h.get(JAVA_INT, SgIo.SG_IO_HDR.byteOffset(groupElement("dxfer_direction"))));
                    assertEquals(0, h.get(JAVA_SHORT, SgIo.SG_IO_HDR.byteOffset(groupElement("iovec_count"))));
                    assertEquals(0, h.get(JAVA_INT, SgIo.SG_IO_HDR.byteOffset(groupElement("dxfer_len"))));
                } else {
                    assertEquals(0, h.get(JAVA_INT, SgIo.SG_IO_V4.byteOffset(groupElement("dout_iovec_count"))));
                    assertEquals(0, h.get(JAVA_LONG, SgIo.SG_IO_V4.byteOffset(groupElement("dout_xferp"))));
                }
            }
        }
    }

    @Test
    void aReadNamesItsBufferAndACommandWithoutDataNoDirection() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cdb = a.allocate(6);
            MemorySegment in = a.allocate(512);
            MemorySegment sense = a.allocate(SgIoPath.MAX_SENSE);
            MemorySegment v3 = SgHeader.V3.build(a.allocate(SgHeader.V3.size(), 8), cdb, in, MemorySegment.NULL, 0, 0, sense, 1000);
            assertEquals(SgIo.SG_DXFER_FROM_DEV, v3.get(JAVA_INT, SgIo.SG_IO_HDR.byteOffset(groupElement("dxfer_direction"))));
            assertEquals(512, v3.get(JAVA_INT, SgIo.SG_IO_HDR.byteOffset(groupElement("dxfer_len"))));
            MemorySegment none = SgHeader.V3.build(a.allocate(SgHeader.V3.size(), 8), cdb, MemorySegment.NULL, MemorySegment.NULL, 0, 0, sense, 1000);
            assertEquals(SgIo.SG_DXFER_NONE, none.get(JAVA_INT, SgIo.SG_IO_HDR.byteOffset(groupElement("dxfer_direction"))));
            MemorySegment v4 = SgHeader.V4.build(a.allocate(SgHeader.V4.size(), 8), cdb, in, MemorySegment.NULL, 0, 0, sense, 1000);
            assertEquals(512, v4.get(JAVA_INT, SgIo.SG_IO_V4.byteOffset(groupElement("din_xfer_len"))));
            assertEquals(in.address(), v4.get(JAVA_LONG, SgIo.SG_IO_V4.byteOffset(groupElement("din_xferp"))));
        }
    }
}
