package io.quiver.initiator.iscsi;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.quiver.initiator.iscsi.impl.Connection;
import io.quiver.iscsi.codec.PduDecoder;
import io.quiver.iscsi.codec.PduEncoder;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An iSCSI session to one target, one connection, error recovery level 0. {@link #execute} sends a SCSI
 * command to a LUN and completes with its {@link ScsiResult}; when the connection is lost, commands in flight
 * fail with {@link ConnectionLostException} and the next {@link #execute} logs in again with the same ISID
 * (the target reinstates the session, RFC 7143 6.3.5).
 *
 * <p>Threading: every method is thread-safe and non-blocking; the work runs on the connection's Netty event
 * loop, and the returned futures complete there, so callers must not block in their callbacks (use the
 * {@code *Async} variants to move on).
 */
public final class IscsiSession implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventLoopGroup group;
    private final SessionSettings settings;
    // ISID type 01b (random, RFC 7143 10.12.5), kept for every reconnect so the target reinstates the session.
    private final long isid = 0x4000_0000_0000L | (RANDOM.nextLong() & 0x00FF_FFFF_0000L);
    private volatile CompletableFuture<Connected> current;
    private volatile boolean closed;

    private record Connected(Channel channel, Connection connection, Map<String, String> negotiated) {
    }

    private IscsiSession(EventLoopGroup group, SessionSettings settings) {
        this.group = group;
        this.settings = settings;
    }

    /** Logs in; the future fails with an {@link java.io.IOException} saying why a login failed. */
    public static CompletableFuture<IscsiSession> login(EventLoopGroup group, SessionSettings settings) {
        IscsiSession s = new IscsiSession(group, settings);
        return s.connection().thenApply(c -> s);
    }

    private synchronized CompletableFuture<Connected> connection() {
        CompletableFuture<Connected> c = current;
        if (c != null && (!c.isDone() || (!c.isCompletedExceptionally() && c.join().channel().isActive()))) {
            return c;
        }
        CompletableFuture<Connected> next = new CompletableFuture<>();
        current = next;
        Connection connection = new Connection(settings, isid);
        new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new PduDecoder(), new PduEncoder(), connection);
                    }
                }).connect(settings.host(), settings.port()).addListener(f -> {
                    if (!f.isSuccess()) {
                        next.completeExceptionally(new ConnectionLostException("cannot connect to " + settings.host()
                                + ":" + settings.port() + ": " + f.cause()));
                        return;
                    }
                    Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                    connection.loggedIn().whenComplete((v, e) -> {
                        if (e != null) {
                            ch.close();
                            next.completeExceptionally(e);
                        } else {
                            next.complete(new Connected(ch, connection, v));
                        }
                    });
                });
        return next;
    }

    /**
     * Sends one SCSI command. Takes ownership of {@code cdb} (longer than 16 bytes goes in an Extended CDB AHS) and {@code dataOut}.
     *
     * @param lun the LUN field (SAM-5 8 bytes), e.g. {@link #lun(int)}
     * @param read whether data-in is expected
     * @param expectedLength the Expected Data Transfer Length
     * @param dataOut the data-out, or {@code null}
     */
    public CompletableFuture<ScsiResult> execute(long lun, ByteBuf cdb, boolean read, int expectedLength, ByteBuf dataOut) {
        CompletableFuture<ScsiResult> result = new CompletableFuture<>();
        if (closed) {
            cdb.release();
            if (dataOut != null) {
                dataOut.release();
            }
            result.completeExceptionally(new ConnectionLostException("session closed"));
            return result;
        }
        connection().whenComplete((c, e) -> {
            if (e != null) {
                cdb.release();
                if (dataOut != null) {
                    dataOut.release();
                }
                result.completeExceptionally(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
                return;
            }
            c.channel().eventLoop().execute(() -> c.connection().submit(lun, cdb, read, expectedLength, dataOut, result));
        });
        return result;
    }

    /**
     * ABORT TASK for a command this session sent ({@code task} as {@link #execute} returned it): completes with
     * the TMF response code (0 FUNCTION COMPLETE, 1 TASK DOES NOT EXIST, ...); the aborted command fails with
     * {@link TaskAbortedException}.
     */
    public CompletableFuture<Integer> abortTask(long lun, CompletableFuture<ScsiResult> task) {
        return taskManagement(1, lun, task);
    }

    /** LOGICAL UNIT RESET: completes with the TMF response code; the LUN's commands in flight fail. */
    public CompletableFuture<Integer> logicalUnitReset(long lun) {
        return taskManagement(5, lun, null);
    }

    private CompletableFuture<Integer> taskManagement(int function, long lun, CompletableFuture<ScsiResult> task) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        connection().whenComplete((c, e) -> {
            if (e != null) {
                result.completeExceptionally(e instanceof java.util.concurrent.CompletionException ? e.getCause() : e);
            } else {
                c.channel().eventLoop().execute(() -> c.connection().taskManagement(function, lun, task, result));
            }
        });
        return result;
    }

    /** The 8-byte LUN field for a LUN number: peripheral addressing below 256, flat space up to 16383. */
    public static long lun(int lun) {
        int field = lun < 256 ? lun : 0x4000 | (lun & 0x3FFF);
        return (long) field << 48;
    }

    /** The operational values of the current connection, by RFC 7143 key name; empty when not logged in. */
    public Map<String, String> negotiated() {
        CompletableFuture<Connected> c = current;
        return c != null && c.isDone() && !c.isCompletedExceptionally() ? c.join().negotiated() : Map.of();
    }

    /** Logs out (Logout Request, close the session) and closes the connection. */
    public CompletableFuture<Void> logout() {
        closed = true;
        CompletableFuture<Connected> c = current;
        if (c == null || !c.isDone() || c.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(null);
        }
        Connected con = c.join();
        CompletableFuture<Void> done = new CompletableFuture<>();
        con.channel().eventLoop().execute(() -> con.connection().logout().whenComplete((v, e) -> done.complete(null)));
        return done;
    }

    /** Closes the connection without a logout; commands in flight fail with {@link ConnectionLostException}. */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<Connected> c = current;
        if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
            c.join().channel().close();
        }
    }

    /** Drops the connection as a network failure would (tests of the ERL 0 behaviour). */
    public void dropConnection() {
        CompletableFuture<Connected> c = current;
        if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
            c.join().channel().close().syncUninterruptibly();
        }
    }
}
