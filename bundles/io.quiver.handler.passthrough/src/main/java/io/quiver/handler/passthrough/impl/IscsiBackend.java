package io.quiver.handler.passthrough.impl;

import io.netty.channel.EventLoopGroup;
import io.quiver.initiator.iscsi.ConnectionLostException;
import io.quiver.initiator.iscsi.IscsiSession;
import io.quiver.initiator.iscsi.SessionSettings;
import io.quiver.scsi.PeripheralDeviceType;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A remote iSCSI LUN as pass-through backend, named {@code iscsi://host:port/iqn/lun}: one
 * {@link IscsiSession} kept up by a {@link BackendLink} (reconnects in the background), CHAP optional. A command
 * the backend does not answer within the timeout fails and takes its hung connection down with it.
 * Thread-safe; never blocks (completions run on the session's event loop).
 */
final class IscsiBackend extends ForwardingBackend {

    private final long lun;
    private final BackendLink link;

    IscsiBackend(EventLoopGroup group, String initiatorName, String url, String chapUser, String chapSecret, long timeoutMs,
            PeripheralDeviceType type) {
        super(timeoutMs, type);
        URI u = URI.create(url);
        if (!"iscsi".equals(u.getScheme()) || u.getHost() == null || u.getPath() == null) {
            throw new IllegalArgumentException("filename must be iscsi://host:port/iqn/lun: " + url);
        }
        String path = u.getPath().substring(1);
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("filename must be iscsi://host:port/iqn/lun: " + url);
        }
        this.lun = IscsiSession.lun(Integer.parseInt(path.substring(slash + 1)));
        boolean chap = chapUser != null && !chapUser.isEmpty();
        SessionSettings settings = new SessionSettings(u.getHost(), u.getPort() < 0 ? 3260 : u.getPort(), initiatorName,
                path.substring(0, slash), chap ? chapUser : null, chap ? chapSecret : null, null, null, false);
        this.link = new BackendLink(group, settings, lun, timeoutMs);
    }

    @Override
    CompletableFuture<IscsiPath> path() {
        return link.session().thenApply(s -> new IscsiPath(s, lun));
    }

    @Override
    ScsiPath current() {
        IscsiSession s = link.current();
        return s == null ? null : new IscsiPath(s, lun);
    }

    /** A lost or hung connection: the link reconnects (and drops a hung one, so its other commands fail back). */
    @Override
    void lost(ScsiPath path, Throwable cause) {
        if (cause instanceof TimeoutException || cause instanceof ConnectionLostException) {
            link.lost(((IscsiPath) path).session(), cause instanceof TimeoutException);
        }
    }

    @Override
    CompletableFuture<BackendIdentity> identified() {
        return link.identified();
    }

    @Override
    BackendIdentity identity() {
        return link.identity();
    }

    /** LOGICAL UNIT RESET on the remote LUN; its outcome only matters to the backend's own commands. */
    @Override
    public void reset() {
        IscsiSession s = link.current();
        if (s != null) {
            s.logicalUnitReset(lun);
        }
    }

    @Override
    public void close() {
        link.close();
    }
}
