package io.quiver.transport.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quiver.scsi.DataDirection;
import io.quiver.scsi.ScsiStatus;
import io.quiver.scsi.SenseData;
import io.quiver.scsi.TaskAttribute;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiCommand;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.ScsiTargetCore;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TargetDriver;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResponse;
import io.quiver.spi.target.TaskManagementResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loopback transport against a scripted core: what it submits and how it reads responses. */
class LocalSessionTest {

    /** A core whose only session answers by opcode: 00h GOOD, 08h 100 bytes of 7, 0Ah echoes data-out length. */
    static final class ScriptedCore implements ScsiTargetCore {
        final List<ScsiCommand> commands = new ArrayList<>();
        final List<TaskManagementRequest> functions = new ArrayList<>();
        SessionTransport transport;
        InitiatorPort initiator;
        TargetDriver driver;
        boolean closed;

        @Override
        public ScsiTarget registerTarget(TargetDriver d, String targetName, int rtpi) {
            driver = d;
            ScriptedCore core = this;
            return new ScsiTarget() {
                @Override
                public String name() {
                    return targetName;
                }

                @Override
                public int relativeTargetPortId() {
                    return rtpi == 0 ? 1 : rtpi;
                }

                @Override
                public Session openSession(InitiatorPort i, SessionTransport t) {
                    core.initiator = i;
                    core.transport = t;
                    ScsiTarget target = this;
                    return new Session() {
                        @Override
                        public InitiatorPort initiator() {
                            return i;
                        }

                        @Override
                        public ScsiTarget target() {
                            return target;
                        }

                        @Override
                        public void submit(ScsiCommand c) {
                            commands.add(c);
                            int op = c.cdb().getUnsignedByte(c.cdb().readerIndex());
                            if (op == 0x08) {
                                ByteBuf data = ByteBufAllocator.DEFAULT.buffer(100);
                                data.writeZero(100);
                                data.setByte(0, 7);
                                c.complete(CommandResponse.of(ScsiStatus.GOOD, null, false, data, 100));
                            } else if (op == 0x0A) {
                                c.receiveDataOut((int) c.expectedDataTransferLength()).whenComplete((buf, err) -> {
                                    int first = buf.getUnsignedByte(0);
                                    long n = buf.readableBytes();
                                    buf.release();
                                    c.complete(CommandResponse.of(first == 9 ? ScsiStatus.GOOD : ScsiStatus.CHECK_CONDITION,
                                            first == 9 ? null : SenseData.invalidOpcode(), true, null, n));
                                });
                            } else if (op == 0xFF) {
                                c.complete(CommandResponse.aborted());
                            } else {
                                c.complete(CommandResponse.good(null));
                            }
                        }

                        @Override
                        public void submit(TaskManagementRequest r) {
                            functions.add(r);
                            r.complete(TaskManagementResult.of(TaskManagementResponse.FUNCTION_COMPLETE));
                        }

                        @Override
                        public int queueDepth() {
                            return 8;
                        }

                        @Override
                        public void close() {
                            closed = true;
                        }
                    };
                }

                @Override
                public void unregister() {
                }
            };
        }
    }

    @Test
    void driverIdentity() {
        ScriptedCore core = new ScriptedCore();
        LocalTargetDriver driver = new LocalTargetDriver(core);
        LocalTarget t = driver.createTarget("local1", 5);
        assertEquals("scst_local", driver.name());
        assertEquals(0xF, driver.protocolIdentifier());
        assertEquals(driver, core.driver);
        assertEquals(5, t.target().relativeTargetPortId());
        t.login("iqn.a");
        assertEquals("iqn.a", core.initiator.name());
        assertEquals("iqn.a,l,1", core.initiator.portName());
        byte[] tid = core.initiator.transportId();
        assertEquals(0x0F, tid[0]);
        assertEquals(0, (tid.length - 4) % 4);
    }

    @Test
    void commandsCarryLunCdbAttributeAndTags() {
        ScriptedCore core = new ScriptedCore();
        LocalSession s = new LocalTargetDriver(core).createTarget("t").login("iqn.a");
        LocalResponse r = s.execute(LocalRequest.of(300, 0, 1, 2, 3, 4, 5).attribute(TaskAttribute.ORDERED));
        assertEquals(ScsiStatus.GOOD, r.status());
        ScsiCommand c = core.commands.get(0);
        assertEquals(0x412C_0000_0000_0000L, c.lun());
        assertEquals(6, c.cdb().readableBytes());
        assertEquals(TaskAttribute.ORDERED, c.taskAttribute());
        assertEquals(DataDirection.NONE, c.direction());
        assertEquals(1, c.tag());
        s.execute(LocalRequest.of(0, 0).tag(99));
        assertEquals(99, core.commands.get(1).tag());
        assertEquals(0x0005_0000_0000_0000L, LocalRequest.lunField(5));
    }

    @Test
    void dataInIsCopiedAndResidualsComputed() {
        ScriptedCore core = new ScriptedCore();
        LocalSession s = new LocalTargetDriver(core).createTarget("t").login("iqn.a");
        LocalResponse under = s.execute(LocalRequest.of(0, 0x08).dataIn(150));
        assertEquals(100, under.dataLength());
        assertEquals(7, under.dataByte(0));
        assertEquals(50, under.residual());
        LocalResponse over = s.execute(LocalRequest.of(0, 0x08).dataIn(60));
        assertEquals(-40, over.residual());
    }

    @Test
    void dataOutIsHandedOverInAPooledBuffer() {
        ScriptedCore core = new ScriptedCore();
        LocalSession s = new LocalTargetDriver(core).createTarget("t").login("iqn.a");
        byte[] data = new byte[64];
        data[0] = 9;
        LocalResponse ok = s.execute(LocalRequest.of(0, 0x0A).dataOut(data));
        assertEquals(ScsiStatus.GOOD, ok.status());
        assertEquals(0, ok.residual());
        assertEquals(DataDirection.OUT, core.commands.get(0).direction());
        LocalResponse bad = s.execute(LocalRequest.of(0, 0x0A).dataOut(new byte[8]));
        assertEquals(ScsiStatus.CHECK_CONDITION, bad.status());
        assertTrue(bad.descriptorSense());
        assertEquals(0x72, bad.senseBytes()[0]);
        assertTrue(core.commands.get(0).receiveDataOut(65).toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void abortedCommandsAndTaskManagementAndClose() {
        ScriptedCore core = new ScriptedCore();
        LocalSession s = new LocalTargetDriver(core).createTarget("t").login("iqn.a");
        assertTrue(s.execute(LocalRequest.of(0, 0xFF)).aborted());
        assertEquals(TaskManagementResponse.FUNCTION_COMPLETE,
                s.taskManagement(TaskManagementFunction.ABORT_TASK, 2, 17).response());
        assertEquals(TaskManagementFunction.ABORT_TASK, core.functions.get(0).function());
        assertEquals(0x0002_0000_0000_0000L, core.functions.get(0).lun());
        assertEquals(17, core.functions.get(0).referencedTag());
        core.transport.asynchronousEventPending(0);
        assertEquals(List.of(0L), s.asynchronousEvents());
        assertFalse(core.closed);
        core.transport.close("bye");
        assertEquals(List.of("bye"), s.closeRequests());
        assertTrue(core.closed);
        assertArrayEquals(new byte[0], new LocalResponse(1, ScsiStatus.GOOD, null, false, new byte[0], 0, false).senseBytes());
    }
}
