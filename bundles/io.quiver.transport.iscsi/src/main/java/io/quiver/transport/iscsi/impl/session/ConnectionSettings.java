package io.quiver.transport.iscsi.impl.session;

/**
 * Per-connection timing the driver configures: login timeout, NOP-In ping interval and answer timeout, and
 * how long an initiator asked to log out (Asynchronous Message) has before the connection is dropped.
 * Immutable; safe on any thread. Seconds; 0 disables the ping.
 */
public final class ConnectionSettings {

    private final int loginTimeout;
    private final int nopInInterval;
    private final int nopInTimeout;
    private final int logoutTimeout;

    public ConnectionSettings(int loginTimeout, int nopInInterval, int nopInTimeout, int logoutTimeout) {
        this.loginTimeout = loginTimeout;
        this.nopInInterval = nopInInterval;
        this.nopInTimeout = nopInTimeout;
        this.logoutTimeout = logoutTimeout;
    }

    public int loginTimeout() {
        return loginTimeout;
    }

    public int nopInInterval() {
        return nopInInterval;
    }

    public int nopInTimeout() {
        return nopInTimeout;
    }

    public int logoutTimeout() {
        return logoutTimeout;
    }
}
