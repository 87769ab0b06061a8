package io.quiver.transport.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quiver.spi.target.CommandResponse;
import io.quiver.spi.target.DesignationDescriptor;
import io.quiver.spi.target.InitiatorPort;
import io.quiver.spi.target.ScsiTarget;
import io.quiver.spi.target.Session;
import io.quiver.spi.target.SessionTransport;
import io.quiver.spi.target.TaskManagementFunction;
import io.quiver.spi.target.TaskManagementRequest;
import io.quiver.spi.target.TaskManagementResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback I_T nexus: submits commands and task management functions and collects what comes back.
 * The core's requests to end the session and its asynchronous event notices are recorded for
 * inspection. Thread-safe; {@link #execute} blocks the caller (never call it on a Netty event loop),
 * {@link #submit} does not.
 */
public final class LocalSession implements AutoCloseable {

    /** How long {@link #execute} and {@link #taskManagement} wait. */
    public static final long TIMEOUT_SECONDS = 10;

    private final Session session;
    private final AtomicLong tags = new AtomicLong();
    private final List<String> closeRequests = new CopyOnWriteArrayList<>();
    private final List<Long> asynchronousEvents = new CopyOnWriteArrayList<>();

    LocalSession(ScsiTarget target, InitiatorPort initiator, List<DesignationDescriptor> designators) {
        this.session = target.openSession(initiator, new Transport(List.copyOf(designators)));
    }

    /** The core's nexus. */
    public Session session() {
        return session;
    }

    /** Submits a command; the future completes when the core completed it. */
    public CompletableFuture<LocalResponse> submit(LocalRequest request) {
        LocalCommand command = new LocalCommand(request, request.tag != null ? request.tag : tags.incrementAndGet(),
                Unpooled.wrappedBuffer(request.cdb));
        session.submit(command);
        return command.result();
    }

    /** Runs a command and waits for its response. */
    public LocalResponse execute(LocalRequest request) {
        return await(submit(request));
    }

    /** Submits a task management function; the future completes with its result. */
    public CompletableFuture<TaskManagementResult> submitTaskManagement(TaskManagementFunction function, int lun,
            long referencedTag) {
        CompletableFuture<TaskManagementResult> result = new CompletableFuture<>();
        session.submit(new TaskManagementRequest() {
            @Override
            public TaskManagementFunction function() {
                return function;
            }

            @Override
            public long lun() {
                return LocalRequest.lunField(lun);
            }

            @Override
            public long referencedTag() {
                return referencedTag;
            }

            @Override
            public void complete(TaskManagementResult r) {
                result.complete(r);
            }
        });
        return result;
    }

    /** Runs a task management function and waits for its result. */
    public TaskManagementResult taskManagement(TaskManagementFunction function, int lun, long referencedTag) {
        return await(submitTaskManagement(function, lun, referencedTag));
    }

    /** The reasons the core gave when it asked this session to end. */
    public List<String> closeRequests() {
        return List.copyOf(closeRequests);
    }

    /** LUN fields the core signalled asynchronous events for. */
    public List<Long> asynchronousEvents() {
        return List.copyOf(asynchronousEvents);
    }

    /** Logs out: I_T nexus loss for the core. */
    @Override
    public void close() {
        session.close();
    }

    static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("loopback command did not complete", e);
        }
    }

    /** The core's callbacks for this session. */
    private final class Transport implements SessionTransport {
        private final List<DesignationDescriptor> designators;

        Transport(List<DesignationDescriptor> designators) {
            this.designators = designators;
        }

        @Override
        public List<DesignationDescriptor> designators() {
            return designators;
        }

        @Override
        public void close(String reason) {
            closeRequests.add(reason);
            session.close();
        }

        @Override
        public void asynchronousEventPending(long lun) {
            asynchronousEvents.add(lun);
        }

        @Override
        public java.util.Map<String, String> attributes() {
            return java.util.Map.of("transport", "loopback");
        }
    }

    /** Turns a core response into a {@link LocalResponse}, releasing the data-in buffer. */
    static LocalResponse response(long tag, long expected, CommandResponse r) {
        if (r.isAborted()) {
            return new LocalResponse(tag, null, null, false, new byte[0], 0, true);
        }
        ByteBuf in = r.dataIn();
        byte[] data = new byte[in == null ? 0 : in.readableBytes()];
        if (in != null) {
            in.readBytes(data);
            in.release();
        }
        long residual = expected - r.transferLength();
        return new LocalResponse(tag, r.status(), r.sense(), r.descriptorSense(), data, residual, false);
    }

    static ByteBuf dataOut(byte[] data, int length) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(length);
        buf.writeBytes(data, 0, length);
        return buf;
    }
}
