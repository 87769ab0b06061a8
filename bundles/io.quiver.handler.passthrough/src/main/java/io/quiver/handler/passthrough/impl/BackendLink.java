package io.quiver.handler.passthrough.impl;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.quiver.initiator.iscsi.ConnectionLostException;
import io.quiver.initiator.iscsi.IscsiSession;
import io.quiver.initiator.iscsi.SessionSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pass-through backend's iSCSI session and its recovery (error recovery level 0): logs in at start, and
 * when a command finds the connection lost or hung, marks the link down and tries again in the background
 * with a bounded exponential backoff ({@value #FIRST_BACKOFF_MS} ms doubling up to {@value #MAX_BACKOFF_MS}
 * ms), for as long as the device exists. While the link is down {@link #session()} fails at once, so no
 * command waits for a backend that may never come back. A reconnect reuses the {@link IscsiSession} (its
 * ISID), so the backend target reinstates the session and ends the old one's tasks (RFC 7143, 6.3.5).
 *
 * <p>Thread-safe. Nothing here blocks a Netty event loop: logins and probes are asynchronous, retries are
 * timers, and the one blocking call ({@link IscsiSession#dropConnection()}) runs on the common pool.
 */
final class BackendLink implements AutoCloseable {

    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(BackendLink.class);

    private final EventLoopGroup group;
    private final SessionSettings settings;
    private final long lun;
    private final long timeoutMs;
    private final Object lock = new Object();
    /** The session once logged in; kept across reconnects so the ISID stays the same. */
    private IscsiSession session;
    /** Completed: the link is up; pending: an attempt runs; {@code null}: down, a retry is scheduled. */
    private CompletableFuture<IscsiSession> up;
    private long backoffMs = FIRST_BACKOFF_MS;
    private boolean closed;
    private volatile BackendIdentity identity = BackendIdentity.UNKNOWN;
    private final CompletableFuture<BackendIdentity> identified = new CompletableFuture<>();

    BackendLink(EventLoopGroup group, SessionSettings settings, long lun, long timeoutMs) {
        this.group = group;
        this.settings = settings;
        this.lun = lun;
        this.timeoutMs = timeoutMs;
        synchronized (lock) {
            attempt();
        }
    }

    /** The session, once the login or reconnect under way ends; failed at once while the link is down. */
    CompletableFuture<IscsiSession> session() {
        synchronized (lock) {
            return up != null && !closed ? up
                    : CompletableFuture.failedFuture(new ConnectionLostException("backend " + settings + " unreachable"));
        }
    }

    /**
     * A command on {@code s} ended without a SCSI status: the connection is gone, or (if {@code hung}) it did
     * not answer in time, in which case it is dropped so every other command on it fails back too (ERL 0).
     */
    void lost(IscsiSession s, boolean hung) {
        synchronized (lock) {
            if (closed || up == null || !up.isDone() || up.isCompletedExceptionally() || up.join() != s) {
                return; // known already, or a reconnect is under way
            }
            up = null;
        }
        LOG.warn("pass-through backend {}: connection {}; reconnecting", settings, hung ? "timed out" : "lost");
        if (hung) {
            drop(s);
        }
        retryLater();
    }

    /**
     * One login (first time) or reconnect, then a TEST UNIT READY (which logs in again on a lost connection
     * and takes the unit attention a new login brings) and the device's identity.
     */
    private void attempt() {
        IscsiSession known = session;
        CompletableFuture<IscsiSession> loggedIn = known == null ? IscsiSession.login(group, settings)
                : CompletableFuture.completedFuture(known);
        CompletableFuture<IscsiSession> a = loggedIn.thenCompose(s -> probe(s)
                .thenCompose(p -> BackendIdentity.read(new IscsiPath(s, lun), timeoutMs))
                .thenApply(id -> {
                    identity = id;
                    identified.complete(id);
                    return s;
                })).orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        // A first login whose attempt failed or timed out later is closed, not leaked.
        loggedIn.thenAccept(s -> a.whenComplete((v, e) -> {
            if (known == null && e != null) {
                s.close();
            }
        }));
        up = a;
        a.whenComplete((s, e) -> settled(a, s, e));
    }

    private CompletableFuture<IscsiSession> probe(IscsiSession s) {
        // Any status (GOOD, a unit attention, NOT READY) proves the backend answers again.
        return s.execute(lun, Unpooled.wrappedBuffer(new byte[6]), false, 0, null).thenApply(r -> {
            r.release();
            return s;
        });
    }

    private void settled(CompletableFuture<IscsiSession> a, IscsiSession s, Throwable e) {
        IscsiSession hung = null;
        synchronized (lock) {
            if (closed) {
                if (s != null) {
                    s.close();
                }
                return;
            }
            if (up != a) {
                return;
            }
            if (e == null) {
                session = s;
                backoffMs = FIRST_BACKOFF_MS;
                LOG.info("pass-through backend {}: logged in", settings);
                return;
            }
            up = null;
            if (e instanceof TimeoutException) {
                hung = session;
            }
        }
        LOG.debug("pass-through backend {}: attempt failed: {}", settings, e.toString());
        if (hung != null) {
            drop(hung);
        }
        retryLater();
    }

    private void retryLater() {
        long delay;
        synchronized (lock) {
            delay = backoffMs;
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
        try {
            group.schedule(() -> {
                synchronized (lock) {
                    if (!closed && up == null) {
                        attempt();
                    }
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The device is going away with its event loop; nothing to reconnect for.
        }
    }

    private static void drop(IscsiSession s) {
        // dropConnection waits for the channel to close: never on an event loop.
        ForkJoinPool.commonPool().execute(s::dropConnection);
    }

    /** Completes with the device's identity after the first successful login (never, if there is none). */
    CompletableFuture<BackendIdentity> identified() {
        return identified;
    }

    /** The device's identity as of the latest login (empty before the first). */
    BackendIdentity identity() {
        return identity;
    }

    /** The session if the link is up now, else {@code null}. */
    IscsiSession current() {
        synchronized (lock) {
            return up != null && up.isDone() && !up.isCompletedExceptionally() ? up.join() : null;
        }
    }

    /** Logs out (at most five seconds) and stops reconnecting; commands in flight fail back. */
    @Override
    public void close() {
        IscsiSession s;
        synchronized (lock) {
            closed = true;
            s = session;
            up = null;
        }
        if (s != null) {
            s.logout().orTimeout(5, TimeUnit.SECONDS).whenComplete((v, e) -> s.close());
        }
    }
}
